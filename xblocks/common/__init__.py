"""What every insertion-pro block shares: i18n, hardened XML, JSON handlers, resources."""
