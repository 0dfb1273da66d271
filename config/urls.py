from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from educomms.api.api import api

urlpatterns = [
    path("", include("educomms.portal.urls")),
    path("", include("educomms.enquiries.urls_public")),
    path("", include("educomms.documents.urls_public")),
    path("", include("educomms.core.urls")),
    path("tai-khoan/", include("educomms.accounts.urls")),
    path("mang-luoi/excel/", include("educomms.org.excel.urls")),
    path("mang-luoi/", include("educomms.org.urls")),
    path("tai-khoan/api/", include("educomms.api.urls")),
    path("nhat-ky/", include("educomms.audit.urls")),
    path("thong-bao/", include("educomms.notifications.urls")),
    path("tin-bai/", include("educomms.newsroom.urls")),
    path("tiep-nhan/", include("educomms.enquiries.urls")),
    path("quan-ly-van-ban/", include("educomms.documents.urls")),
    path("chi-dao/", include("educomms.directives.urls")),
    path("du-luan/", include("educomms.monitoring.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
if settings.DEBUG:
    # Both lists hold URL patterns; the stubs type `urlpatterns` by its first items.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)  # type: ignore[arg-type]
