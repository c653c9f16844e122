"""Accounts: users, roles and memberships, login, language and password."""
