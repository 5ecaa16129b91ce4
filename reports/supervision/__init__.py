"""督办 beyond the daily job (DOMAIN.md "Reminders and escalation"): the office sends
reminders by hand (sending.py), a 督办单 is numbered (numbers.py) and printed as a 公文
(document.py), a unit's home lists its open ones (open.py), and the API reads them (api.py).
"""
