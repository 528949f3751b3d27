"""Sales channels other than the vendor's web shop (APP-1): the App Store."""
