"""Contains all the data models used in inputs/outputs"""

from .accepted_out import AcceptedOut
from .access_out import AccessOut
from .account_create import AccountCreate
from .account_create_locale import AccountCreateLocale
from .account_out import AccountOut
from .account_token_in import AccountTokenIn
from .account_token_out import AccountTokenOut
from .account_update import AccountUpdate
from .account_update_locale_type_0 import AccountUpdateLocaleType0
from .account_webhook import AccountWebhook
from .accounts_credit_out import AccountsCreditOut
from .activation_code_out import ActivationCodeOut
from .activation_code_out_slot_kind import ActivationCodeOutSlotKind
from .activation_code_out_state import ActivationCodeOutState
from .activation_code_out_stored_state import ActivationCodeOutStoredState
from .activation_code_webhook import ActivationCodeWebhook
from .activation_codes import ActivationCodes
from .activation_codes_slot_kind import ActivationCodesSlotKind
from .add_licenses_in import AddLicensesIn
from .add_seats_in import AddSeatsIn
from .admin_contact_out import AdminContactOut
from .advance_in import AdvanceIn
from .api_key_webhook import ApiKeyWebhook
from .appstore_link_in import AppstoreLinkIn
from .assign_in import AssignIn
from .auto_renew_in import AutoRenewIn
from .billing_credit_out import BillingCreditOut
from .bitcoin_in import BitcoinIn
from .cancel_in import CancelIn
from .card_in import CardIn
from .catalog_body import CatalogBody
from .catalog_out import CatalogOut
from .catalog_product_out import CatalogProductOut
from .catalog_product_out_platforms_item import CatalogProductOutPlatformsItem
from .catalog_webhook import CatalogWebhook
from .change_plan_in import ChangePlanIn
from .check_in_in import CheckInIn
from .check_in_out import CheckInOut
from .clock_out import ClockOut
from .confirm_in import ConfirmIn
from .connection_out import ConnectionOut
from .connection_out_status import ConnectionOutStatus
from .connection_page import ConnectionPage
from .connection_webhook import ConnectionWebhook
from .count_out import CountOut
from .credential_out import CredentialOut
from .credit_entry_out import CreditEntryOut
from .credit_webhook import CreditWebhook
from .decision_in import DecisionIn
from .decision_out import DecisionOut
from .delivery_in import DeliveryIn
from .delivery_in_via import DeliveryInVia
from .delivery_out import DeliveryOut
from .delivery_out_status import DeliveryOutStatus
from .delivery_webhook import DeliveryWebhook
from .device_in import DeviceIn
from .device_in_platform import DeviceInPlatform
from .device_out import DeviceOut
from .device_out_status import DeviceOutStatus
from .device_update import DeviceUpdate
from .device_webhook import DeviceWebhook
from .devices_link_in import DevicesLinkIn
from .devices_link_in_platform import DevicesLinkInPlatform
from .directory_in import DirectoryIn
from .directory_in_kind import DirectoryInKind
from .download_link_in import DownloadLinkIn
from .download_link_out import DownloadLinkOut
from .download_out import DownloadOut
from .email_webhook import EmailWebhook
from .enroll_in import EnrollIn
from .entitlement_out import EntitlementOut
from .entitlement_source_out import EntitlementSourceOut
from .entitlement_token_out import EntitlementTokenOut
from .entitlement_warning_out import EntitlementWarningOut
from .entitlement_webhook import EntitlementWebhook
from .error import Error
from .error_detail import ErrorDetail
from .event_out import EventOut
from .event_out_actor import EventOutActor
from .event_out_data import EventOutData
from .event_out_subject import EventOutSubject
from .expiry_out import ExpiryOut
from .expiry_trial import ExpiryTrial
from .field_problem import FieldProblem
from .free_tier_out import FreeTierOut
from .group_in import GroupIn
from .group_out import GroupOut
from .groups_in import GroupsIn
from .health import Health
from .holder_out import HolderOut
from .in_grace_out import InGraceOut
from .invitation_in import InvitationIn
from .invitation_in_role import InvitationInRole
from .invitation_out import InvitationOut
from .invitation_preview_out import InvitationPreviewOut
from .invoice_line_out import InvoiceLineOut
from .invoice_out import InvoiceOut
from .invoice_webhook import InvoiceWebhook
from .item_ids_in import ItemIdsIn
from .item_in import ItemIn
from .item_in_scope import ItemInScope
from .item_out import ItemOut
from .items_in import ItemsIn
from .jwks_response_jwks_well_known_jwks_json_get import JwksResponseJwksWellKnownJwksJsonGet
from .jwks_response_jwks_well_known_jwks_json_get_additional_property_item import (
    JwksResponseJwksWellKnownJwksJsonGetAdditionalPropertyItem,
)
from .license_connect_in import LicenseConnectIn
from .license_out import LicenseOut
from .license_out_status import LicenseOutStatus
from .license_page import LicensePage
from .license_setup_platform import LicenseSetupPlatform
from .license_webhook import LicenseWebhook
from .licenses_added_out import LicensesAddedOut
from .licenses_charge_out import LicensesChargeOut
from .licenses_product_out import LicensesProductOut
from .link_code_in import LinkCodeIn
from .link_code_out import LinkCodeOut
from .linked_out import LinkedOut
from .list_deliveries_status_type_0 import ListDeliveriesStatusType0
from .list_invitations_status_type_0 import ListInvitationsStatusType0
from .list_notifications_outcome_type_0 import ListNotificationsOutcomeType0
from .live_connection_out import LiveConnectionOut
from .load_out import LoadOut
from .load_version_body import LoadVersionBody
from .login_in import LoginIn
from .magic_link_accepted import MagicLinkAccepted
from .magic_link_in import MagicLinkIn
from .magic_link_redeem_in import MagicLinkRedeemIn
from .manage_out import ManageOut
from .member_out import MemberOut
from .money_out import MoneyOut
from .my_license_out import MyLicenseOut
from .my_license_out_status import MyLicenseOutStatus
from .next_charge_out import NextChargeOut
from .not_counting_out import NotCountingOut
from .notification_in import NotificationIn
from .notification_out import NotificationOut
from .notification_out_data import NotificationOutData
from .notification_receipt import NotificationReceipt
from .organization_create import OrganizationCreate
from .organization_create_locale import OrganizationCreateLocale
from .organization_out import OrganizationOut
from .organization_subscription_in import OrganizationSubscriptionIn
from .organization_update import OrganizationUpdate
from .organization_update_locale_type_0 import OrganizationUpdateLocaleType0
from .organization_webhook import OrganizationWebhook
from .other_webhook import OtherWebhook
from .page_account_out import PageAccountOut
from .page_activation_code_out import PageActivationCodeOut
from .page_decision_out import PageDecisionOut
from .page_delivery_out import PageDeliveryOut
from .page_device_out import PageDeviceOut
from .page_event_out import PageEventOut
from .page_group_out import PageGroupOut
from .page_in_grace_out import PageInGraceOut
from .page_invitation_out import PageInvitationOut
from .page_invoice_out import PageInvoiceOut
from .page_item_out import PageItemOut
from .page_member_out import PageMemberOut
from .page_notification_out import PageNotificationOut
from .page_organization_out import PageOrganizationOut
from .page_payment_method_out import PagePaymentMethodOut
from .page_sendability_out import PageSendabilityOut
from .page_subscription_out import PageSubscriptionOut
from .page_version_out import PageVersionOut
from .page_volume_request_out import PageVolumeRequestOut
from .page_webhook_delivery_out import PageWebhookDeliveryOut
from .page_webhook_endpoint_out import PageWebhookEndpointOut
from .pay_invoice_in import PayInvoiceIn
from .paying_method_out import PayingMethodOut
from .payment_method_create import PaymentMethodCreate
from .payment_method_create_type import PaymentMethodCreateType
from .payment_method_out import PaymentMethodOut
from .payment_method_webhook import PaymentMethodWebhook
from .payment_out import PaymentOut
from .paymentwall_in import PaymentwallIn
from .paypal_in import PaypalIn
from .plan_detail_out import PlanDetailOut
from .plan_detail_out_channels_item import PlanDetailOutChannelsItem
from .plan_detail_out_kind import PlanDetailOutKind
from .plan_detail_out_min_app_versions import PlanDetailOutMinAppVersions
from .plan_detail_out_min_os_versions import PlanDetailOutMinOsVersions
from .plan_detail_out_payment_methods_item import PlanDetailOutPaymentMethodsItem
from .plan_detail_out_prices import PlanDetailOutPrices
from .plan_detail_out_renewal import PlanDetailOutRenewal
from .plan_detail_out_store_product_ids import PlanDetailOutStoreProductIds
from .plan_out import PlanOut
from .plan_out_channels_item import PlanOutChannelsItem
from .plan_out_kind import PlanOutKind
from .plan_out_min_app_versions import PlanOutMinAppVersions
from .plan_out_min_os_versions import PlanOutMinOsVersions
from .plan_out_payment_methods_item import PlanOutPaymentMethodsItem
from .plan_out_prices import PlanOutPrices
from .plan_out_renewal import PlanOutRenewal
from .plan_out_store_product_ids import PlanOutStoreProductIds
from .readiness import Readiness
from .reason_out import ReasonOut
from .refund_in import RefundIn
from .release_out import ReleaseOut
from .resubscribe_in import ResubscribeIn
from .role_in import RoleIn
from .role_in_role import RoleInRole
from .scheduled_change import ScheduledChange
from .seats import Seats
from .seats_added_out import SeatsAddedOut
from .seats_out import SeatsOut
from .sendability_out import SendabilityOut
from .session_out import SessionOut
from .set_payment_method_in import SetPaymentMethodIn
from .settings_in import SettingsIn
from .settings_in_data_policy_type_0 import SettingsInDataPolicyType0
from .settings_out import SettingsOut
from .settings_out_directory_type_0 import SettingsOutDirectoryType0
from .setup_out import SetupOut
from .setup_out_platform import SetupOutPlatform
from .share_in import ShareIn
from .share_out import ShareOut
from .sign_in_in import SignInIn
from .sign_in_out import SignInOut
from .signing_key_webhook import SigningKeyWebhook
from .state_change_in import StateChangeIn
from .store_offer_out import StoreOfferOut
from .subscription_create import SubscriptionCreate
from .subscription_out import SubscriptionOut
from .subscription_summary_out import SubscriptionSummaryOut
from .subscription_webhook import SubscriptionWebhook
from .switch_in import SwitchIn
from .token_in import TokenIn
from .trial import Trial
from .version_detail_out import VersionDetailOut
from .version_out import VersionOut
from .volume_request_in import VolumeRequestIn
from .volume_request_out import VolumeRequestOut
from .volume_request_webhook import VolumeRequestWebhook
from .volume_tier import VolumeTier
from .volume_tier_monthly_unit_prices import VolumeTierMonthlyUnitPrices
from .webhook_actor import WebhookActor
from .webhook_attempt_out import WebhookAttemptOut
from .webhook_data import WebhookData
from .webhook_data_details import WebhookDataDetails
from .webhook_delivery_out import WebhookDeliveryOut
from .webhook_delivery_out_status import WebhookDeliveryOutStatus
from .webhook_endpoint_in import WebhookEndpointIn
from .webhook_endpoint_out import WebhookEndpointOut
from .webhook_endpoint_out_disabled_reason_type_0 import WebhookEndpointOutDisabledReasonType0
from .webhook_endpoint_patch import WebhookEndpointPatch
from .webhook_endpoint_webhook import WebhookEndpointWebhook
from .webhook_endpoint_with_secret_out import WebhookEndpointWithSecretOut
from .webhook_endpoint_with_secret_out_disabled_reason_type_0 import WebhookEndpointWithSecretOutDisabledReasonType0
from .webhook_event_kind_out import WebhookEventKindOut
from .webhook_replay_in import WebhookReplayIn
from .webhook_replay_out import WebhookReplayOut
from .webhook_secret_rotate_in import WebhookSecretRotateIn

__all__ = (
    "AcceptedOut",
    "AccessOut",
    "AccountCreate",
    "AccountCreateLocale",
    "AccountOut",
    "AccountsCreditOut",
    "AccountTokenIn",
    "AccountTokenOut",
    "AccountUpdate",
    "AccountUpdateLocaleType0",
    "AccountWebhook",
    "ActivationCodeOut",
    "ActivationCodeOutSlotKind",
    "ActivationCodeOutState",
    "ActivationCodeOutStoredState",
    "ActivationCodes",
    "ActivationCodesSlotKind",
    "ActivationCodeWebhook",
    "AddLicensesIn",
    "AddSeatsIn",
    "AdminContactOut",
    "AdvanceIn",
    "ApiKeyWebhook",
    "AppstoreLinkIn",
    "AssignIn",
    "AutoRenewIn",
    "BillingCreditOut",
    "BitcoinIn",
    "CancelIn",
    "CardIn",
    "CatalogBody",
    "CatalogOut",
    "CatalogProductOut",
    "CatalogProductOutPlatformsItem",
    "CatalogWebhook",
    "ChangePlanIn",
    "CheckInIn",
    "CheckInOut",
    "ClockOut",
    "ConfirmIn",
    "ConnectionOut",
    "ConnectionOutStatus",
    "ConnectionPage",
    "ConnectionWebhook",
    "CountOut",
    "CredentialOut",
    "CreditEntryOut",
    "CreditWebhook",
    "DecisionIn",
    "DecisionOut",
    "DeliveryIn",
    "DeliveryInVia",
    "DeliveryOut",
    "DeliveryOutStatus",
    "DeliveryWebhook",
    "DeviceIn",
    "DeviceInPlatform",
    "DeviceOut",
    "DeviceOutStatus",
    "DevicesLinkIn",
    "DevicesLinkInPlatform",
    "DeviceUpdate",
    "DeviceWebhook",
    "DirectoryIn",
    "DirectoryInKind",
    "DownloadLinkIn",
    "DownloadLinkOut",
    "DownloadOut",
    "EmailWebhook",
    "EnrollIn",
    "EntitlementOut",
    "EntitlementSourceOut",
    "EntitlementTokenOut",
    "EntitlementWarningOut",
    "EntitlementWebhook",
    "Error",
    "ErrorDetail",
    "EventOut",
    "EventOutActor",
    "EventOutData",
    "EventOutSubject",
    "ExpiryOut",
    "ExpiryTrial",
    "FieldProblem",
    "FreeTierOut",
    "GroupIn",
    "GroupOut",
    "GroupsIn",
    "Health",
    "HolderOut",
    "InGraceOut",
    "InvitationIn",
    "InvitationInRole",
    "InvitationOut",
    "InvitationPreviewOut",
    "InvoiceLineOut",
    "InvoiceOut",
    "InvoiceWebhook",
    "ItemIdsIn",
    "ItemIn",
    "ItemInScope",
    "ItemOut",
    "ItemsIn",
    "JwksResponseJwksWellKnownJwksJsonGet",
    "JwksResponseJwksWellKnownJwksJsonGetAdditionalPropertyItem",
    "LicenseConnectIn",
    "LicenseOut",
    "LicenseOutStatus",
    "LicensePage",
    "LicensesAddedOut",
    "LicensesChargeOut",
    "LicenseSetupPlatform",
    "LicensesProductOut",
    "LicenseWebhook",
    "LinkCodeIn",
    "LinkCodeOut",
    "LinkedOut",
    "ListDeliveriesStatusType0",
    "ListInvitationsStatusType0",
    "ListNotificationsOutcomeType0",
    "LiveConnectionOut",
    "LoadOut",
    "LoadVersionBody",
    "LoginIn",
    "MagicLinkAccepted",
    "MagicLinkIn",
    "MagicLinkRedeemIn",
    "ManageOut",
    "MemberOut",
    "MoneyOut",
    "MyLicenseOut",
    "MyLicenseOutStatus",
    "NextChargeOut",
    "NotCountingOut",
    "NotificationIn",
    "NotificationOut",
    "NotificationOutData",
    "NotificationReceipt",
    "OrganizationCreate",
    "OrganizationCreateLocale",
    "OrganizationOut",
    "OrganizationSubscriptionIn",
    "OrganizationUpdate",
    "OrganizationUpdateLocaleType0",
    "OrganizationWebhook",
    "OtherWebhook",
    "PageAccountOut",
    "PageActivationCodeOut",
    "PageDecisionOut",
    "PageDeliveryOut",
    "PageDeviceOut",
    "PageEventOut",
    "PageGroupOut",
    "PageInGraceOut",
    "PageInvitationOut",
    "PageInvoiceOut",
    "PageItemOut",
    "PageMemberOut",
    "PageNotificationOut",
    "PageOrganizationOut",
    "PagePaymentMethodOut",
    "PageSendabilityOut",
    "PageSubscriptionOut",
    "PageVersionOut",
    "PageVolumeRequestOut",
    "PageWebhookDeliveryOut",
    "PageWebhookEndpointOut",
    "PayingMethodOut",
    "PayInvoiceIn",
    "PaymentMethodCreate",
    "PaymentMethodCreateType",
    "PaymentMethodOut",
    "PaymentMethodWebhook",
    "PaymentOut",
    "PaymentwallIn",
    "PaypalIn",
    "PlanDetailOut",
    "PlanDetailOutChannelsItem",
    "PlanDetailOutKind",
    "PlanDetailOutMinAppVersions",
    "PlanDetailOutMinOsVersions",
    "PlanDetailOutPaymentMethodsItem",
    "PlanDetailOutPrices",
    "PlanDetailOutRenewal",
    "PlanDetailOutStoreProductIds",
    "PlanOut",
    "PlanOutChannelsItem",
    "PlanOutKind",
    "PlanOutMinAppVersions",
    "PlanOutMinOsVersions",
    "PlanOutPaymentMethodsItem",
    "PlanOutPrices",
    "PlanOutRenewal",
    "PlanOutStoreProductIds",
    "Readiness",
    "ReasonOut",
    "RefundIn",
    "ReleaseOut",
    "ResubscribeIn",
    "RoleIn",
    "RoleInRole",
    "ScheduledChange",
    "Seats",
    "SeatsAddedOut",
    "SeatsOut",
    "SendabilityOut",
    "SessionOut",
    "SetPaymentMethodIn",
    "SettingsIn",
    "SettingsInDataPolicyType0",
    "SettingsOut",
    "SettingsOutDirectoryType0",
    "SetupOut",
    "SetupOutPlatform",
    "ShareIn",
    "ShareOut",
    "SigningKeyWebhook",
    "SignInIn",
    "SignInOut",
    "StateChangeIn",
    "StoreOfferOut",
    "SubscriptionCreate",
    "SubscriptionOut",
    "SubscriptionSummaryOut",
    "SubscriptionWebhook",
    "SwitchIn",
    "TokenIn",
    "Trial",
    "VersionDetailOut",
    "VersionOut",
    "VolumeRequestIn",
    "VolumeRequestOut",
    "VolumeRequestWebhook",
    "VolumeTier",
    "VolumeTierMonthlyUnitPrices",
    "WebhookActor",
    "WebhookAttemptOut",
    "WebhookData",
    "WebhookDataDetails",
    "WebhookDeliveryOut",
    "WebhookDeliveryOutStatus",
    "WebhookEndpointIn",
    "WebhookEndpointOut",
    "WebhookEndpointOutDisabledReasonType0",
    "WebhookEndpointPatch",
    "WebhookEndpointWebhook",
    "WebhookEndpointWithSecretOut",
    "WebhookEndpointWithSecretOutDisabledReasonType0",
    "WebhookEventKindOut",
    "WebhookReplayIn",
    "WebhookReplayOut",
    "WebhookSecretRotateIn",
)
