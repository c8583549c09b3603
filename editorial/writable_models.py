"""Contract: the non-page models an app lets API v3 clients create.

People, partners, categories… are not Wagtail snippets here (the editors
list them with ``wagtail_modeladmin``), so Wagtail's snippet writes do not
serve them. An app registers such a model from its ``AppConfig.ready()``
with the path it is written at (``writable_models.register(Partner,
"partners")``); ``editorial.api.writes`` then offers ``POST
/api/v3/<path>/`` and ``PATCH /api/v3/<path>/<id>/`` for it, typed from the
model's writable ``api_fields``, validated by the model's admin form (its
panels, as the admin binds it) and allowed by the model's Django
permissions (``add_…``, ``change_…``). Editorial never names such a model.
"""


class WritableModels:
    def __init__(self):
        self._paths = {}

    def register(self, model, path):
        self._paths[model] = path

    def items(self):
        return list(self._paths.items())


writable_models = WritableModels()
