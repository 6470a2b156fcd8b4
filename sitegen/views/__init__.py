"""Exactly what each template sees of the model, one frozen dataclass per kind of view; a template's signature is derived from what it reads of them."""
