"""The License Manager of volume licensing (VL-9, VL-10, VL-11, VL-13): one license per seat
of a volume subscription, assigned to a person, with a system-generated app login."""
