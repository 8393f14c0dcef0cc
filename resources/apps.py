from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class ResourcesConfig(AppConfig):
    name = "resources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .save_after_sign_in import save_held  # imports the models: not before ready()

        post_migrate.connect(_add_vocabulary_words, sender=self)
        user_logged_in.connect(save_held, dispatch_uid="resources_save_after_sign_in")


def _add_vocabulary_words(sender, using: str, **kwargs) -> None:
    """After ``migrate``: the concept vocabulary's words join the search's dictionary of words."""
    if "resources_searchword" not in connections[using].introspection.table_names():
        return  # migrated back to before the dictionary existed
    from .services import search_words_add_vocabulary  # services imports the models: not before ready()

    search_words_add_vocabulary(using=using)
