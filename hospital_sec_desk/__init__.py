"""hospital_sec_desk: a desk for a small Japanese hospital's yearly cyber-security self-checks."""

__version__ = "0.1.0"
APP_NAME = "hospital-sec-desk"
APP_TITLE = "病院サイバーセキュリティ点検デスク"
