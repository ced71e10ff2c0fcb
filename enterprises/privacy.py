"""The privacy notice shown before anyone gives personal data (Decree 13/2023/NĐ-CP).

Change the text in templates/enterprises/privacy_notice.html and bump the version: consent
records keep the version each person was shown.
"""

PRIVACY_NOTICE_VERSION = "2026.1"
