"""The *4*1420# USSD menu over the apps' selectors and services (composition layer)."""
