"""The HTTP side: routes, response models, the web page, admin jobs, the server."""
