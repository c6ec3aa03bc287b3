-- Admins disable and enable accounts (a disabled one cannot sign in, and
-- its sessions and refresh tokens end); the admins' list shows each
-- account's last sign-in.
ALTER TABLE accounts ADD COLUMN disabled_at BIGINT;
ALTER TABLE accounts ADD COLUMN last_sign_in_at BIGINT;
