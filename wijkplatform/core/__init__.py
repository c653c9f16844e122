"""What every feature uses: database base, permissions, i18n, errors, htmx and Markdown."""
