"""The frozen site model, made once from the inputs: routes, page bodies, the conference and its programme. Nothing here knows a template."""
