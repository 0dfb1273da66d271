from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "educomms.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self) -> None:
        # The portal listens to the newsroom, never the other way round: a changed story (or theme)
        # bumps the portal's cache generation. This is the one place a signal is right (the newsroom
        # must not import the portal).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from educomms.newsroom.models import Story, Theme
        from educomms.portal import cache

        for model in (Story, Theme):
            post_save.connect(cache.on_content_changed, sender=model, dispatch_uid=f"portal-save-{model.__name__}")
            post_delete.connect(cache.on_content_changed, sender=model,
                                dispatch_uid=f"portal-delete-{model.__name__}")
        m2m_changed.connect(cache.on_content_changed, sender=Story.themes.through, dispatch_uid="portal-themes")
