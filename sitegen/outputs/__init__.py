"""The kinds of output, one registered module each (kinds/), the server rules (hosting/) and the search index: the jobs a build runs."""
