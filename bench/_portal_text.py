"""Generated Vietnamese news text for the portal benchmark: titles, summaries (sa-pô) and bodies of a few
paragraphs, built from word lists the way a department's or a school's news reads. Fictional: no real
people or events. Deterministic for a given random.Random.
"""

import random

EVENTS = [
    "kỳ thi tốt nghiệp THPT", "kỳ thi tuyển sinh lớp 10", "kỳ thi chọn học sinh giỏi cấp tỉnh", "lễ khai giảng năm học mới",
    "Ngày Nhà giáo Việt Nam 20/11", "hội thi giáo viên dạy giỏi", "hội khỏe Phù Đổng", "ngày hội đọc sách",
    "cuộc thi khoa học kỹ thuật", "tuần lễ học tập suốt đời", "hội nghị tổng kết năm học", "chương trình trải nghiệm hè",
    "đợt kiểm định chất lượng giáo dục", "cuộc thi Olympic tiếng Anh", "giải bóng đá học sinh", "ngày hội STEM",
    "lễ tri ân và trưởng thành", "hội thảo đổi mới phương pháp dạy học", "đợt tập huấn chuyển đổi số",
    "chương trình Tết vì học sinh nghèo", "tháng an toàn giao thông", "hội diễn văn nghệ chào mừng 26/3",
]
TOPICS = [
    "chuyển đổi số trong giáo dục", "Chương trình giáo dục phổ thông 2018", "học liệu số dùng chung",
    "an toàn trường học", "phòng chống đuối nước cho học sinh", "sách giáo khoa mới", "giáo dục kỹ năng sống",
    "ứng dụng trí tuệ nhân tạo trong dạy học", "bồi dưỡng giáo viên cốt cán", "sổ điểm điện tử và học bạ số",
    "thu hút nguồn lực xã hội hóa", "giáo dục hướng nghiệp", "dạy học tiếng Anh theo đề án ngoại ngữ",
    "bữa ăn bán trú an toàn", "phổ cập giáo dục mầm non", "xây dựng trường chuẩn quốc gia", "văn hóa đọc",
    "chăm sóc sức khỏe học đường", "giáo dục STEM", "thư viện thân thiện", "phòng học bộ môn",
    "đánh giá học sinh theo năng lực", "quy định mới về dạy thêm, học thêm", "miễn học phí năm học mới",
]
ACTIONS = [
    "triển khai", "tổng kết", "hưởng ứng", "tổ chức", "đẩy mạnh", "sơ kết", "phát động", "hướng dẫn thực hiện",
    "tăng cường", "nâng cao hiệu quả", "chuẩn bị chu đáo cho", "khen thưởng tập thể, cá nhân trong",
]
PEOPLE = [
    "học sinh", "giáo viên", "cha mẹ học sinh", "cán bộ quản lý", "giáo viên chủ nhiệm", "nhân viên y tế trường học",
    "đoàn viên thanh niên", "đội viên", "thầy cô giáo", "học sinh lớp 12", "học sinh dân tộc thiểu số",
]
OUTCOMES = [
    "đạt kết quả tích cực", "được phụ huynh đồng tình", "góp phần nâng cao chất lượng dạy và học",
    "tạo không khí sôi nổi trong toàn trường", "đạt tỷ lệ tham gia trên 95%", "được nhân rộng ra các trường bạn",
    "bảo đảm an toàn, nghiêm túc, đúng quy chế", "nhận được nhiều phản hồi tốt", "vượt chỉ tiêu đề ra",
]
PLACES = ["hội trường", "sân trường", "nhà đa năng", "thư viện", "phòng học thông minh", "trung tâm văn hóa xã"]
OPENINGS = [
    "Sáng nay, {unit} đã {action} {event} tại {place}, với sự tham gia của đông đảo {people}.",
    "Thực hiện kế hoạch năm học, {unit} {action} {topic}, tập trung vào những việc thiết thực với {people}.",
    "Trong tuần qua, {unit} phối hợp với chính quyền địa phương {action} {event}.",
    "Chiều {day}/{month}, {unit} tổ chức hội nghị {action} {topic} năm học {year}–{year1}.",
]
MIDDLES = [
    "Theo ban tổ chức, {event} năm nay có nhiều điểm mới, chú trọng {topic}.",
    "Các {people} được hướng dẫn cụ thể, có người phụ trách và thời hạn rõ ràng cho từng việc.",
    "Nhiều mô hình hay về {topic} đã được chia sẻ, trong đó có cách làm của {other}.",
    "Đại diện {unit} cho biết đơn vị sẽ tiếp tục {action} {topic} trong thời gian tới.",
    "Hoạt động {outcome}, đồng thời giúp {people} hiểu rõ hơn về {topic}.",
    "Kinh phí thực hiện được huy động từ ngân sách và sự đóng góp tự nguyện của các nhà hảo tâm.",
    "Đến nay, {percent}% {people} đã tham gia, {outcome}.",
    "Buổi sinh hoạt chuyên đề về {topic} thu hút gần {count} {people} tham dự.",
    "{unit} đề nghị các tổ chuyên môn lồng ghép nội dung {topic} vào kế hoạch giáo dục của nhà trường.",
]
CLOSINGS = [
    "Kết thúc chương trình, {unit} đã trao giấy khen cho {count} tập thể và cá nhân có thành tích xuất sắc.",
    "Thông tin chi tiết được đăng trên cổng thông tin điện tử và gửi tới {people} qua sổ liên lạc điện tử.",
    "{unit} mong tiếp tục nhận được sự đồng hành của {people} và cộng đồng.",
    "Hoạt động sẽ được tổ chức định kỳ mỗi học kỳ, {outcome}.",
]
HEADINGS = ["Nhiều điểm mới", "Kết quả bước đầu", "Nhiệm vụ thời gian tới", "Ý kiến của phụ huynh", "Cách làm hay"]
TITLES = [
    "{unit} {action} {event}", "{Unit} {action} {topic}", "{Event}: {people} {outcome}",
    "{unit}: {topic} {outcome}", "Sôi nổi {event} tại {unit}", "{Topic} – {people} cần biết những gì?",
]
FORMATS = ["article", "article", "article", "article", "photos", "video", "poster"]
AUDIENCES = ["teachers", "students", "parents", "public"]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Story texts for units; `unit` and `other` are unit display names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _fill(self, template: str, unit: str, other: str) -> str:
        r = self.rng
        words = {
            "unit": unit, "other": other, "event": r.choice(EVENTS), "topic": r.choice(TOPICS),
            "action": r.choice(ACTIONS), "people": r.choice(PEOPLE), "outcome": r.choice(OUTCOMES),
            "place": r.choice(PLACES), "day": r.randint(1, 28), "month": r.randint(1, 12), "year": (y := r.randint(2021, 2026)),
            "year1": y + 1, "percent": r.randint(70, 99), "count": r.randint(12, 480),
        }
        words.update({k.capitalize(): _cap(str(v)) for k, v in list(words.items()) if isinstance(v, str)})
        return template.format(**words)

    def title(self, unit: str, other: str) -> str:
        return self._fill(self.rng.choice(TITLES), unit, other)[:300]

    def summary(self, unit: str, other: str) -> str:
        return " ".join(self._fill(t, unit, other) for t in (self.rng.choice(OPENINGS), self.rng.choice(MIDDLES)))

    def body(self, unit: str, other: str) -> str:
        """3–5 paragraphs of 2–4 sentences, sometimes a subheading: sanitised-looking HTML."""
        r = self.rng
        paragraphs = []
        for i in range(r.randint(3, 5)):
            if i == 2 and r.random() < 0.5:
                paragraphs.append(f"<h2>{r.choice(HEADINGS)}</h2>")
            first = r.choice(OPENINGS) if i == 0 else r.choice(MIDDLES)
            sentences = [first, *(r.choice(MIDDLES) for _ in range(r.randint(1, 3)))]
            if i and r.random() < 0.3:
                sentences.append(r.choice(CLOSINGS))
            paragraphs.append("<p>" + " ".join(self._fill(s, unit, other) for s in sentences) + "</p>")
        return "\n".join(paragraphs)

    def audiences(self) -> list[str]:
        return sorted(self.rng.sample(AUDIENCES, self.rng.randint(1, 3)))

    def format(self) -> str:
        return self.rng.choice(FORMATS)


# Realistic visitor queries, with and without diacritics (search_p95 uses them in turn).
SEARCH_QUERIES = [
    "kỳ thi tốt nghiệp", "ky thi tot nghiep", "tuyển sinh lớp 10", "tuyen sinh lop 10", "chuyển đổi số",
    "chuyen doi so", "học sinh giỏi", "hoc sinh gioi cap tinh", "Ngày Nhà giáo Việt Nam", "sách giáo khoa mới",
    "an toan truong hoc", "phòng chống đuối nước", "dạy thêm học thêm", "mien hoc phi", "giáo dục STEM",
    "trường chuẩn quốc gia", "học bạ số", "bán trú", "hội khỏe phù đổng", "olympic tieng anh",
    "khai giảng năm học", "tri tue nhan tao", "giáo viên cốt cán", "xã hội hóa giáo dục",
]
