"""Two-factor login (TOTP with django-otp) for every staff member when settings.OTP_REQUIRED.

The password step stays Django's LoginView. After it, a user who has not passed the second
step in this session is sent from every page to it: enrolment (an authenticator app, then ten
single-use backup codes shown once) when they have no confirmed app yet, else verification
(a code from the app or a backup code). Failed codes are throttled by django-otp per device
(1, 2, 4, 8 ... seconds), in the database, so a new session does not reset the wait.

Replacing the app and making new backup codes also need a current code (from the app or an
unused backup code), checked with the same throttling: someone at an unlocked workstation must
not be able to take over the second step and lock the owner out.

By topic: `services` (reads and writes), `middleware`, `forms` and `views`.
"""
