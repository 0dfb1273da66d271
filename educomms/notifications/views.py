from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from educomms.notifications import selectors, services


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/list.html", {"notifications": selectors.inbox(request.user)[:100]})


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.inbox(request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    services.mark_read(person=request.user, notification_ids=[notification.pk])
    return redirect(notification.url or "notifications:list")
