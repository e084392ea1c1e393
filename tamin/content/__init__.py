"""Public content edited by staff in the admin: news, common questions, laws, bylaws and
circulars, sample forms and the pages about the organization.

Kernel layer: it imports only `tamin.core`. The site pages, the API and the USSD menu all
read it through `tamin.content.selectors`; staff write it through the admin.
"""
