"""Questions and feedback made through the services, as the portal and the officers would."""

import itertools

from educomms.enquiries import services
from educomms.enquiries.models import Feedback, Question

_ip = itertools.count(1)
QUESTION = ("Xin hỏi nhà trường thu học phí học kỳ I năm học 2026–2027 là bao nhiêu và hạn nộp đến ngày nào? "
            "Gia đình tôi có được miễn giảm học phí không?")
ANSWER = ("<p>Theo Nghị quyết của Hội đồng nhân dân tỉnh, học sinh THCS công lập được miễn học phí từ năm học "
          "2025–2026. Nhà trường không thu học phí; các khoản thu khác được niêm yết tại bảng tin.</p>")


def fresh_ip() -> str:
    n = next(_ip)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def ask(world, *, unit=None, text: str = QUESTION, email: str = "phuhuynh@example.com", phone: str = "",
        **fields) -> Question:
    return services.submit_question(unit=unit or world.school_a, name=fields.pop("name", "Trần Văn Bình"),
                                    email=email, phone=phone, text=text, ip=fields.pop("ip", fresh_ip()), **fields)


def drafted(world, *, answer: str = ANSWER, **fields) -> Question:
    question = ask(world, **fields)
    services.save_answer(actor=world.officer_a, question=question, body=answer, version=0)
    return question


def in_approval(world, **fields) -> Question:
    question = drafted(world, **fields)
    services.submit_answer(actor=world.officer_a, question=question)
    return question


def published(world, **fields) -> Question:
    question = in_approval(world, **fields)
    services.approve_answer(actor=world.principal_a, question=question)
    return question


def send_feedback(world, *, unit=None, text: str = "Cổng trường sau giờ tan học rất đông xe, đề nghị bố trí người "
                  "hướng dẫn giao thông.", **fields) -> Feedback:
    return services.submit_feedback(unit=unit or world.school_a, name=fields.pop("name", "Lê Thị Thu"),
                                    email=fields.pop("email", ""), phone=fields.pop("phone", "0987 654 321"),
                                    category=fields.pop("category", "safety"), text=text,
                                    ip=fields.pop("ip", fresh_ip()), **fields)
