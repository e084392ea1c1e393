"""The branches app's REST API for the "My Tamin" app: the centres guide (public) and
online appointments. Routes in `branches.api.urls`, included by `tamin.api`."""
