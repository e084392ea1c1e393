"""Admin-edited content (news, laws, circulars): no module is built yet; the empty package
holds its place in the kernel layer of the import rules."""
