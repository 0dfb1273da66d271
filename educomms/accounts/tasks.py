from django.tasks import task

from educomms.accounts import services


@task()
def send_password_reset(person_id: int, language: str) -> None:
    services.send_password_reset_email(person_id=person_id, language=language)
