"""Cleaning stage: the page's own text without navigation, banners and site chrome."""
