"""How updates come in and are processed: received (by long polling or webhook), recorded in
the inbox, confirmed to Telegram, handled per user in order and fairly, and marked handled."""
