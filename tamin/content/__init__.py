"""Admin-edited content: news, FAQ, laws (later issues fill it)."""
