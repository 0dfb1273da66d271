"""A generated stream of Vietnamese education news, Facebook posts and comments, with ground truth.

    from educomms.demo.monitoring_stream import generate, generate_queries
    items = generate(5_000, seed=1)          # list[GenItem], in publication order
    queries = generate_queries(500, seed=1)  # topic queries in the monitoring query language

Used by the monitoring benchmarks (near-duplicate clustering, the pipeline; they import it as
`bench._monitoring_stream`) and the demo province's monitoring history (demo/monitoring.py), so it imports
nothing from Django and needs no network. Deterministic for a given seed. Fictional: the outlets, people and
events are made up; provinces are the 34 provinces and cities of Việt Nam.

Local news. `generate(n, locale=Locale(...))` makes a share of the stories (`locale.share`) happen in one
province at its own schools and communes (the demo passes the schools of "tỉnh Bình Sơn"), so that topics
named after those schools find them. Without a locale the stream is exactly what it was for a given seed.

The stream. Originals are articles (300 ± 150 words; follow-ups a little longer) on one of nine education topics (fees, exams,
school violence, food safety, achievements, facilities, teachers, school events, policy), Facebook posts
(40–150 words) and comments (10–60 words; one in ten is a 2–7-word reaction such as "Hay quá!", repeated
across unrelated posts). With probability `syndication_rate` the next item is instead a copy of an
earlier article or post (popular stories get many copies, some copies are copied again). An article is
re-published with: a new title, 0–3 sentences removed, 0–3 added (an editor's intro, a background
sentence), a source line ("Theo báo …"), the byline dropped or changed, 0–6 words swapped for synonyms;
a post is reposted nearly as it was (0–1 line removed, 0–2 of the reposter's own added, 0–2 words
swapped, often a "Chia sẻ từ trang …" line). About one copy in six has its diacritics stripped (typed
without telex). A copy keeps its original's `story_id`.

Near misses, which are NOT copies and get a new `story_id` (about one new article in five):
  twin       the same sentence templates (half the time in the same order, otherwise four in five of them
             reshuffled) about the same school, principal and official, every other detail drawn again:
             a school's next press release written from the last one;
  follow-up  a new story about the same school and topic that repeats 2–4 background sentences of the
             earlier one word for word.
"""

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

KINDS = ("article", "post", "comment")


@dataclass(frozen=True)
class LocalSchool:
    name: str  # as news writes it in full: "Trường THCS Nguyễn Du"
    short: str  # "THCS Nguyễn Du"
    commune: str  # where it is, lower-case first word as in running text: "phường Bình Sơn", "xã An Phú"


@dataclass(frozen=True)
class Locale:
    """One province's own news: `share` of the stories name it, one of its schools and that school's commune."""

    province: str
    schools: tuple[LocalSchool, ...]
    share: float = 0.3


@dataclass(frozen=True, slots=True)
class GenItem:
    title: str  # "" for posts and comments
    text: str
    url: str
    site: str  # the domain ("giaoduc.tinmoi24.vn", "facebook.com")
    published_at: datetime  # aware, UTC
    kind: str  # "article" | "post" | "comment"
    reach: int  # views for articles, reactions + shares for posts, likes for comments
    story_id: int  # ground truth: every copy of one original shares it
    near_miss_of: int = 0  # for a twin or follow-up (a different story), the story_id it resembles; else 0
    local_school: str = ""  # with a locale: the short name of the local school the item is about; else ""


# ---------------------------------------------------------------- places, schools, people

PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "TP.HCM", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
COMMUNES = [
    "xã Tân Phong", "phường Hòa Bình", "xã Quảng Tiến", "phường Trung Sơn", "xã Yên Lạc", "xã Đông Hưng",
    "phường Nam Thành", "xã Phú Lộc", "xã Kim Sơn", "phường Bình Minh", "xã Hương Trà", "xã Thạch Hà",
    "phường Tân Định", "xã Vĩnh Thạnh", "xã Cẩm Mỹ", "phường Long Biên", "xã Mường Chà", "xã Bảo Yên",
    "phường Hội An", "xã Ea Kar", "xã Krông Pắc", "phường Rạch Giá", "xã Đức Phổ", "xã Tiên Lữ",
    "phường Hạ Long", "xã Nghĩa Đàn", "xã Quỳnh Lưu", "xã Hậu Lộc", "phường Vị Thanh", "xã Bình Đại",
    "xã Tam Nông", "phường Sa Đéc", "xã Năm Căn", "xã Chợ Mới", "phường Thủ Đức", "xã Củ Chi",
    "xã Sìn Hồ", "xã Mộc Châu", "phường Đồng Xoài", "xã Di Linh",
]
NAMESAKES = [
    "Nguyễn Trãi", "Lê Quý Đôn", "Trần Phú", "Chu Văn An", "Phan Bội Châu", "Nguyễn Du", "Lê Lợi",
    "Quang Trung", "Nguyễn Huệ", "Trần Hưng Đạo", "Lý Thường Kiệt", "Võ Thị Sáu", "Hùng Vương",
    "Lương Thế Vinh", "Nguyễn Bỉnh Khiêm", "Huỳnh Thúc Kháng", "Phan Chu Trinh", "Hoàng Hoa Thám",
    "Ngô Quyền", "Đinh Tiên Hoàng", "Bùi Thị Xuân", "Nguyễn Thị Minh Khai", "Trưng Vương", "Lê Hồng Phong",
    "Trần Quốc Tuấn", "Nguyễn Khuyến", "Tô Hiến Thành", "Nguyễn Văn Trỗi", "Kim Đồng", "Lê Văn Tám",
    "Phan Đình Phùng", "Hàm Nghi", "Nguyễn Đình Chiểu", "Lý Tự Trọng", "Mạc Đĩnh Chi", "Yên Hòa",
]
PRESCHOOL_NAMES = ["Hoa Sen", "Hoa Mai", "Sơn Ca", "Họa Mi", "Tuổi Thơ", "Bình Minh", "Hoa Hồng", "Vành Khuyên",
                   "Ánh Dương", "Hoa Phượng", "Búp Bê", "Thỏ Ngọc"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Mai", "Tạ", "Cao", "Lâm", "Hà"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Xuân", "Ngọc", "Đình", "Trọng", "Anh"]
MIDDLE_FEMALE = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Thùy", "Hồng", "Kim", "Phương", "Bích", "Diệu", "Lan"]
GIVEN_MALE = ["Hùng", "Dũng", "Tuấn", "Cường", "Hải", "Long", "Nam", "Sơn", "Thắng", "Quang", "Phúc", "Khoa",
              "Bình", "Toàn", "Hiếu", "Trung", "Đạt", "Việt", "Thành", "Kiên", "Lâm", "Hưng"]
GIVEN_FEMALE = ["Hương", "Lan", "Mai", "Hạnh", "Ngọc", "Thảo", "Trang", "Hằng", "Linh", "Yến", "Nga", "Huyền",
                "Dung", "Oanh", "Loan", "Vân", "Thủy", "Hoa", "Nhung", "Quyên", "Phượng", "Giang"]
DEPARTMENT_POSITIONS = [
    "Giám đốc Sở GD&ĐT", "Phó Giám đốc Sở GD&ĐT", "Chánh Thanh tra Sở GD&ĐT", "Trưởng phòng Giáo dục Trung học",
    "Trưởng phòng Giáo dục Tiểu học", "Trưởng phòng Kế hoạch – Tài chính", "Chánh Văn phòng Sở GD&ĐT",
    "Trưởng phòng Quản lý chất lượng", "Trưởng phòng Tổ chức cán bộ",
]
COMMUNE_POSITIONS = ["Chủ tịch UBND", "Phó Chủ tịch UBND", "Trưởng phòng Văn hóa – Xã hội"]

# ---------------------------------------------------------------- outlets and pages

OUTLETS = [
    ("tinmoi24.vn", "Tin Mới 24"), ("giaoduc.tinmoi24.vn", "Tin Mới 24"), ("giaoducthoinay.vn", "Giáo dục Thời nay"),
    ("hocduongplus.vn", "Học Đường Plus"), ("thoibaosang.vn", "Thời báo Sáng"),
    ("xahoi.thoibaosang.vn", "Thời báo Sáng"), ("nhipsongtre.vn", "Nhịp sống Trẻ"),
    ("tiengnoiphuhuynh.vn", "Tiếng nói Phụ huynh"), ("diendanhocduong.vn", "Diễn đàn Học đường"),
    ("baodatviet24h.vn", "Đất Việt 24h"), ("thoisu.datviet24h.vn", "Đất Việt 24h"),
    ("tinnhanhmientrung.vn", "Tin nhanh Miền Trung"), ("tinnhanhmientay.vn", "Tin nhanh Miền Tây"),
    ("giadinhvatruonghoc.vn", "Gia đình và Trường học"), ("kenhtuyensinh.edu.vn", "Kênh Tuyển sinh"),
    ("dongsukien.vn", "Dòng Sự kiện"), ("tinphapluat24.vn", "Tin Pháp luật 24"),
]
PAGES = [
    "congdongphuhuynh", "tintuchocduong", "hoiphuhuynhhocsinh", "goctuyensinh", "chuyentruonglop",
    "tiengnoiphuhuynhvn", "hocsinhvietnam", "giaovienvietnam", "tinnonghomnay", "nhatkygiaovien",
]

# ---------------------------------------------------------------- slot vocabulary

POOLS: dict[str, list[str]] = {
    "fee_item": [
        "tiền quỹ phụ huynh", "tiền xây dựng trường", "tiền mua máy chiếu", "tiền lắp điều hòa", "tiền vệ sinh",
        "tiền trông xe", "tiền nước uống", "tiền học thêm", "tiền đồng phục", "tiền sổ liên lạc điện tử",
        "tiền học tiếng Anh với giáo viên nước ngoài", "tiền khuyến học", "tiền tu sửa phòng học",
        "tiền mua rèm cửa", "tiền học kỹ năng sống", "tiền ăn bán trú", "tiền học tin học tăng cường",
        "tiền camera lớp học", "tiền mua bàn ghế", "tiền tổ chức ngoại khóa",
    ],
    "subject": ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lý", "Hóa học", "Sinh học", "Lịch sử", "Địa lý", "Tin học",
                "Giáo dục kinh tế và pháp luật", "Công nghệ", "Khoa học tự nhiên"],
    "grade": ["lớp 1", "lớp 2", "lớp 3", "lớp 4", "lớp 5", "lớp 6", "lớp 7", "lớp 8", "lớp 9", "lớp 10", "lớp 11",
              "lớp 12"],
    "group": ["học sinh", "phụ huynh", "giáo viên", "cán bộ quản lý", "giáo viên chủ nhiệm", "nhân viên trường học",
              "học sinh lớp cuối cấp", "học sinh bán trú", "học sinh dân tộc thiểu số", "cha mẹ học sinh"],
    "exam": ["kỳ thi tuyển sinh lớp 10", "kỳ thi tốt nghiệp THPT", "kỳ thi chọn học sinh giỏi cấp tỉnh",
             "kỳ thi học sinh giỏi quốc gia", "kỳ thi đánh giá năng lực", "kỳ thi tuyển sinh vào lớp 6 chất lượng cao"],
    "event": ["lễ khai giảng năm học mới", "lễ kỷ niệm Ngày Nhà giáo Việt Nam 20/11", "ngày hội đọc sách",
              "hội khỏe Phù Đổng", "ngày hội STEM", "lễ tri ân và trưởng thành", "hội thi giáo viên dạy giỏi",
              "chương trình Tết vì học sinh nghèo", "hội trại truyền thống 26/3", "ngày hội việc làm cho học sinh",
              "giải bóng đá học sinh", "cuộc thi khoa học kỹ thuật", "đêm văn nghệ chào mừng năm học mới"],
    "prize": ["giải Nhất", "giải Nhì", "giải Ba", "giải Khuyến khích", "huy chương Vàng", "huy chương Bạc",
              "huy chương Đồng", "bằng khen"],
    "contest": ["Olympic Toán học quốc tế", "Olympic Tin học châu Á", "cuộc thi Khoa học kỹ thuật quốc gia",
                "kỳ thi Olympic Vật lý", "cuộc thi Đường lên đỉnh Olympia", "Olympic tiếng Anh toàn quốc",
                "cuộc thi Sáng tạo thanh thiếu niên nhi đồng", "giải Robotics quốc gia"],
    "food": ["cơm chiên", "bánh mì kẹp thịt", "canh chua", "xôi gà", "bún chả", "sữa chua", "thịt kho trứng",
             "chè đậu xanh", "mì xào", "cá sốt cà chua"],
    "symptom": ["đau bụng, buồn nôn", "nôn ói, tiêu chảy", "sốt và đau đầu", "nổi mẩn ngứa", "chóng mặt, mệt mỏi"],
    "hospital": ["Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế khu vực", "Bệnh viện Nhi", "trạm y tế xã",
                 "Bệnh viện Đa khoa khu vực"],
    "facility": ["dãy phòng học", "nhà vệ sinh", "tường rào", "nhà đa năng", "bếp ăn bán trú", "thư viện",
                 "phòng thí nghiệm", "sân trường", "khu nội trú", "cổng trường", "mái tôn phòng học"],
    "damage": ["xuống cấp nghiêm trọng", "nứt toác nhiều mảng tường", "thấm dột mỗi khi mưa", "bong tróc trần",
               "sụt lún nền", "hư hỏng nặng sau bão", "không bảo đảm an toàn"],
    "violence": ["đánh hội đồng một nữ sinh", "xô xát trước cổng trường", "tát học sinh trong giờ học",
                 "bắt học sinh đứng phạt ngoài nắng", "quay clip bắt nạt bạn cùng lớp", "lăng mạ học sinh trên lớp",
                 "đánh nhau ngay trong giờ ra chơi", "xúc phạm danh dự học sinh trên nhóm Zalo"],
    "platform": ["mạng xã hội", "Facebook", "TikTok", "nhóm Zalo của phụ huynh", "các diễn đàn"],
    "policy": ["miễn học phí cho học sinh phổ thông công lập", "hỗ trợ tiền ăn trưa cho học sinh vùng khó",
               "quy định mới về dạy thêm, học thêm", "sắp xếp, sáp nhập các điểm trường lẻ",
               "cấp miễn phí sách giáo khoa", "phổ cập tiếng Anh từ lớp 1", "chính sách thu hút giáo viên",
               "chuyển đổi số trong quản lý trường học", "học bạ số cho học sinh tiểu học",
               "tổ chức dạy học 2 buổi/ngày", "xây dựng trường học hạnh phúc", "tăng cường giáo dục kỹ năng sống"],
    "doc": ["Thông tư 29/2024/TT-BGDĐT", "Nghị định 81/2021/NĐ-CP", "Thông tư 55/2011/TT-BGDĐT",
            "Luật Nhà giáo", "Thông tư 16/2023/TT-BGDĐT", "Quyết định 1285/QĐ-BGDĐT", "Chỉ thị 08/CT-UBND",
            "Công văn 3899/BGDĐT-GDTrH", "Nghị quyết 29-NQ/TW", "Kế hoạch 215/KH-SGDĐT"],
    "action": ["kiểm tra, làm rõ", "xác minh, xử lý nghiêm", "chỉ đạo nhà trường rà soát", "thành lập đoàn thanh tra",
               "yêu cầu hoàn trả khoản thu sai", "tổ chức đối thoại với phụ huynh", "báo cáo trước ngày 15",
               "tạm đình chỉ công tác người liên quan", "phối hợp với công an xã", "công khai kết quả xử lý"],
    "reason": ["thiếu giáo viên", "ngân sách eo hẹp", "số học sinh tăng nhanh", "địa bàn rộng, dân cư thưa",
               "chưa được bố trí vốn", "thủ tục đầu tư kéo dài", "giáo viên nghỉ việc", "chưa có quỹ đất"],
    "feeling": ["bức xúc", "lo lắng", "hoang mang", "phấn khởi", "xúc động", "bất bình", "tự hào", "băn khoăn"],
    "few": ["2", "3", "4", "5", "6", "7", "8", "10", "12"],
    "count": ["12", "18", "23", "27", "35", "41", "46", "52", "64", "78", "86", "97", "120", "135", "164", "210",
              "248", "315", "420", "560"],
    "percent": ["62", "71", "78", "84", "89", "91", "93", "95", "96", "97", "98", "99"],
    "money": ["150 nghìn đồng", "200 nghìn đồng", "350 nghìn đồng", "500 nghìn đồng", "800 nghìn đồng",
              "1,2 triệu đồng", "1,5 triệu đồng", "2 triệu đồng", "2,7 triệu đồng", "3,5 triệu đồng"],
    "budget": ["1,8 tỷ đồng", "3 tỷ đồng", "4,5 tỷ đồng", "7,2 tỷ đồng", "12 tỷ đồng", "15 tỷ đồng", "26 tỷ đồng",
               "40 tỷ đồng"],
    "score": ["7,25", "7,75", "8,0", "8,5", "9,0", "9,25", "9,5", "9,75", "10"],
    "weekday": ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"],
    "daypart": ["Sáng", "Chiều", "Tối", "Trưa"],
    "place": ["hội trường nhà trường", "sân trường", "nhà văn hóa xã", "trung tâm hội nghị tỉnh", "phòng họp Sở",
              "nhà đa năng", "thư viện trường"],
}

# ---------------------------------------------------------------- sentence templates by topic

# {school}, {short}, {commune}, {province}, {principal}, {official}, {position}, {cposition}, {leader},
# {teacher}, {parent}, {student}, {date}, {year} come from the story; any other {slot} is drawn from POOLS
# for each sentence. A capitalised slot ({Daypart}) is the value with its first letter upper-cased.
TOPICS: dict[str, dict[str, list[str]]] = {
    "fees": {
        "titles": [
            "Phụ huynh {short} phản ánh nhiều khoản thu đầu năm",
            "{School} bị phản ánh lạm thu, Sở GD&ĐT {province} vào cuộc",
            "Hàng loạt khoản thu 'tự nguyện' tại {short} khiến phụ huynh {feeling}",
            "Làm rõ các khoản thu tại {school}, {commune}",
        ],
        "leads": [
            "{Daypart} {date}, nhiều phụ huynh có con học tại {school} ({commune}, {province}) phản ánh việc nhà trường thu {fee_item} với mức {money} mỗi học sinh.",
            "Đầu năm học {year}, phụ huynh {school} {feeling} trước danh sách gần {count} khoản thu được ban đại diện cha mẹ học sinh gửi qua {platform}.",
        ],
        "body": [
            "Danh sách các khoản thu được in sẵn và phát cho học sinh mang về nhà ngay trong buổi học đầu tiên.",
            "Có lớp còn yêu cầu mỗi gia đình góp {money} để mua tivi, máy lọc nước và quạt treo tường.",
            "Một phụ huynh giấu tên cho biết nếu không đóng đủ, con sẽ bị xếp ngồi cuối lớp.",
            "Biên bản họp phụ huynh ghi rõ mức đóng {fee_item} là {money}, nhưng nhiều người khẳng định không có mặt tại cuộc họp.",
            "Kế toán nhà trường không cung cấp được chứng từ chi tiêu của khoản {fee_item} năm học trước.",
            "Hội đồng nhân dân tỉnh {province} đã ban hành danh mục các khoản thu dịch vụ phục vụ hoạt động giáo dục.",
            "Phòng Văn hóa – Xã hội {commune} đã có văn bản nhắc nhở nhà trường dừng thu {fee_item}.",
            "Nhiều gia đình ở {commune} làm nghề nông, thu nhập bấp bênh nên khoản {money} đầu năm là gánh nặng lớn.",
            "Theo phản ánh, ngoài học phí theo quy định, phụ huynh còn phải nộp {fee_item}, {fee_item} và {fee_item}.",
            "{Parent}, có con học {grade}, cho biết tổng số tiền phải đóng ngay đầu năm lên tới {money}, chưa kể {fee_item}.",
            "Nhiều phụ huynh cho rằng khoản {fee_item} là không cần thiết vì nhà trường đã được đầu tư từ ngân sách.",
            "Trao đổi với phóng viên, hiệu trưởng {principal} khẳng định các khoản thu đều do ban đại diện cha mẹ học sinh đề xuất và được thống nhất tại cuộc họp đầu năm.",
            "Bà {principal} cũng thừa nhận việc thu {fee_item} khi chưa có hướng dẫn của cấp trên là chưa đúng quy trình.",
            "Ông {official}, {position} {province}, cho biết Sở đã yêu cầu nhà trường {action} và báo cáo bằng văn bản.",
            "Theo {doc}, các khoản thu thỏa thuận phải được công khai, minh bạch và không được ép buộc phụ huynh.",
            "Một số phụ huynh cho biết họ bị giáo viên chủ nhiệm nhắc nhở trước lớp khi chưa nộp {fee_item}.",
            "Sau khi sự việc được phản ánh, nhà trường đã hoàn trả {money} {fee_item} cho {count} học sinh.",
            "Đoàn kiểm tra của Sở GD&ĐT đã làm việc với nhà trường trong ngày {date} và yêu cầu {action}.",
            "Cơ quan chức năng cũng ghi nhận {count} trường hợp phụ huynh xin miễn, giảm khoản {fee_item} vì hoàn cảnh khó khăn.",
            "Sở GD&ĐT {province} đề nghị phụ huynh phản ánh qua đường dây nóng nếu phát hiện khoản thu trái quy định.",
        ],
    },
    "exam": {
        "titles": [
            "{Province} công bố điểm chuẩn {exam}",
            "Hơn {count} thí sinh {province} bước vào {exam}",
            "Điểm chuẩn vào {short} năm {year} tăng mạnh",
            "Thí sinh {province} hoàn thành môn {subject} {exam}",
        ],
        "leads": [
            "{Daypart} {date}, hơn {count} nghìn thí sinh tại {province} bắt đầu {exam} với bài thi môn {subject}.",
            "Sở GD&ĐT {province} vừa công bố kết quả {exam} năm học {year}, trong đó {short} có điểm chuẩn cao nhất là {score} điểm.",
        ],
        "body": [
            "Lịch thi kéo dài {few} ngày, bắt đầu bằng bài thi môn {subject} vào buổi sáng.",
            "Hội đồng thi đã bố trí phòng thi dự phòng cho thí sinh bị ốm hoặc gặp sự cố.",
            "Đáp án và thang điểm chính thức sẽ được công bố sau khi kết thúc buổi thi cuối cùng.",
            "Nhiều trung tâm luyện thi cho rằng đề môn {subject} có câu hỏi vận dụng cao khá khó.",
            "Các em {student} và {student} cùng lớp chia sẻ đã ôn luyện suốt {few} tuần trước kỳ thi.",
            "Thí sinh đăng ký nguyện vọng trực tuyến và có thể điều chỉnh trong {few} ngày.",
            "Điểm thi môn {subject} có {count} bài đạt điểm 10, nhiều hơn hẳn năm ngoái.",
            "Ở vùng sâu của {province}, nhiều thí sinh phải ở trọ gần điểm thi từ hôm trước.",
            "Toàn tỉnh có {count} điểm thi với hàng nghìn cán bộ, giáo viên làm nhiệm vụ coi thi, chấm thi.",
            "Đề thi môn {subject} năm nay được nhiều giáo viên đánh giá là vừa sức, có tính phân loại tốt.",
            "Thí sinh {student} của {school} cho biết em làm được khoảng {percent}% bài thi môn {subject}.",
            "Tại điểm thi {school}, lực lượng công an và y tế túc trực từ sớm để hỗ trợ thí sinh.",
            "Ông {official}, {position} {province}, cho biết kỳ thi diễn ra an toàn, nghiêm túc, đúng quy chế.",
            "Năm nay, điểm chuẩn vào {short} là {score} điểm, tăng so với năm học trước.",
            "Có {count} thí sinh vắng mặt ở buổi thi môn {subject}, chủ yếu do ốm đau hoặc đã đi học nghề.",
            "Theo {doc}, thí sinh được phúc khảo bài thi trong thời hạn 10 ngày kể từ ngày công bố kết quả.",
            "Một thí sinh bị lập biên bản vì mang điện thoại vào phòng thi môn {subject}.",
            "Phụ huynh {parent} đưa con đến điểm thi từ 6 giờ sáng và cho biết cả nhà đều {feeling}.",
            "Tỷ lệ chọi vào {short} năm nay là 1/{count}, cao nhất trong các trường công lập của tỉnh.",
            "Sở GD&ĐT {province} lưu ý thí sinh theo dõi lịch nhập học trên cổng thông tin tuyển sinh trực tuyến.",
        ],
    },
    "violence": {
        "titles": [
            "Xôn xao clip học sinh {short} {violence}",
            "Giáo viên {school} bị tố {violence}",
            "Sở GD&ĐT {province} chỉ đạo xử lý vụ việc tại {short}",
            "Vụ học sinh bị bạo lực ở {commune}: phụ huynh {feeling}",
        ],
        "leads": [
            "Những ngày qua, trên {platform} lan truyền đoạn clip ghi lại cảnh học sinh {school} ({commune}, {province}) {violence}.",
            "{Daypart} {date}, lãnh đạo {school} xác nhận sự việc một giáo viên của trường bị phụ huynh tố {violence}.",
        ],
        "body": [
            "Theo lời kể của các bạn cùng lớp, em {student} thường xuyên bị trêu chọc từ đầu năm học.",
            "Hội đồng kỷ luật của nhà trường đã họp và đề xuất hình thức xử lý đối với {count} học sinh.",
            "Chuyên gia tâm lý cho rằng trẻ bị bắt nạt kéo dài dễ rơi vào trầm cảm, sợ đến lớp.",
            "Camera của nhà trường ghi lại toàn bộ diễn biến vụ việc ở hành lang tầng hai.",
            "Gia đình nạn nhân đã làm đơn gửi công an và đề nghị xử lý theo quy định pháp luật.",
            "Nhà trường tổ chức buổi sinh hoạt chuyên đề về ứng xử văn minh cho toàn bộ học sinh {grade}.",
            "Giáo viên liên quan đã viết bản tường trình và xin lỗi gia đình học sinh.",
            "Trên {platform}, nhiều ý kiến yêu cầu công khai kết quả xử lý để làm gương.",
            "Đoạn clip dài khoảng {count} giây cho thấy nhiều học sinh đứng xem, cổ vũ mà không can ngăn.",
            "Nạn nhân là em {student}, học sinh {grade}, hiện đã được gia đình đưa đến {hospital} kiểm tra sức khỏe.",
            "Hiệu trưởng {principal} cho biết nhà trường đã mời phụ huynh các học sinh liên quan đến làm việc.",
            "Theo bà {principal}, mâu thuẫn bắt nguồn từ những lời lẽ qua lại trên {platform}.",
            "Ông {official}, {position} {province}, đề nghị nhà trường {action} và báo cáo Sở trước ngày {date}.",
            "Nhiều phụ huynh {feeling} khi biết sự việc đã xảy ra nhiều lần nhưng không được xử lý kịp thời.",
            "Giáo viên chủ nhiệm {teacher} thừa nhận đã thiếu sâu sát trong việc nắm bắt tâm lý học sinh.",
            "Công an {commune} đã vào cuộc xác minh và lấy lời khai của các em học sinh có mặt trong clip.",
            "Theo {doc}, giáo viên có hành vi xúc phạm học sinh có thể bị kỷ luật từ khiển trách đến buộc thôi việc.",
            "Nhà trường đã bố trí giáo viên tâm lý hỗ trợ em {student} trở lại lớp học.",
            "{Parent} cho biết con mình sợ hãi, không dám đến trường suốt {few} ngày sau sự việc.",
            "Sở GD&ĐT yêu cầu các trường tăng cường tư vấn tâm lý và phòng chống bạo lực học đường.",
        ],
    },
    "food": {
        "titles": [
            "{Count} học sinh {short} nhập viện sau bữa ăn bán trú",
            "Nghi ngộ độc thực phẩm tại {school}",
            "Tạm dừng bếp ăn bán trú {short} sau vụ học sinh {symptom}",
            "{Province}: kiểm tra an toàn thực phẩm bữa ăn học đường",
        ],
        "leads": [
            "{Daypart} {date}, {count} học sinh {school} ({commune}, {province}) phải nhập viện với triệu chứng {symptom} sau bữa ăn trưa bán trú.",
            "Cơ quan y tế {province} đang điều tra nguyên nhân khiến nhiều học sinh {school} {symptom} sau khi ăn {food}.",
        ],
        "body": [
            "Suất ăn trưa của học sinh có giá {money}, được đơn vị cung cấp chế biến từ sáng sớm.",
            "Cơ sở cung cấp suất ăn có trụ sở tại {commune}, phục vụ cho {count} trường trên địa bàn.",
            "Một số phụ huynh chụp ảnh khay cơm ít thức ăn và đăng lên {platform}.",
            "Đội kiểm tra liên ngành phát hiện kho thực phẩm không có sổ ghi chép nguồn gốc.",
            "Nhiều em được truyền dịch và theo dõi thêm tại phòng cấp cứu.",
            "Nhà trường đã liên hệ với các gia đình để thông báo tình hình sức khỏe của các em.",
            "Sở Y tế {province} đề nghị các trường thực hiện nghiêm việc lưu mẫu thức ăn trong 24 giờ.",
            "Cả lớp {grade} có {count} em ăn bán trú, trong đó hầu hết đều có biểu hiện khó chịu.",
            "Bữa trưa hôm đó gồm {food}, {food} và {food} do một công ty suất ăn cung cấp.",
            "Khoảng một giờ sau bữa ăn, nhiều em bắt đầu {symptom} và được nhà trường đưa đến {hospital}.",
            "Bác sĩ tại {hospital} cho biết sức khỏe các em đã ổn định, {count} em được xuất viện trong ngày.",
            "Đoàn kiểm tra đã lấy mẫu thức ăn lưu và mẫu nước để xét nghiệm.",
            "Hiệu trưởng {principal} cho biết nhà trường tạm dừng bếp ăn bán trú để phối hợp điều tra.",
            "Ông {official}, {position} {province}, yêu cầu các trường rà soát toàn bộ hợp đồng cung cấp suất ăn.",
            "Phụ huynh {parent} {feeling} vì mức tiền ăn {money} mỗi tháng nhưng chất lượng bữa ăn không bảo đảm.",
            "Theo {doc}, bếp ăn tập thể trong trường học phải có giấy chứng nhận đủ điều kiện an toàn thực phẩm.",
            "Trước đó, phụ huynh từng phản ánh thức ăn có mùi lạ nhưng chưa được nhà trường giải quyết.",
            "UBND {commune} đã cử cán bộ đến thăm hỏi, hỗ trợ các gia đình có con phải điều trị.",
            "Kết quả xét nghiệm mẫu {food} dự kiến có sau {few} giờ.",
            "Sở GD&ĐT đề nghị các trường công khai thực đơn và mời phụ huynh giám sát bếp ăn.",
        ],
    },
    "achievement": {
        "titles": [
            "Học sinh {short} giành {prize} {contest}",
            "{Province} có {count} học sinh đạt giải {exam}",
            "Nữ sinh {school} xuất sắc đoạt {prize} môn {subject}",
            "Tuyên dương học sinh {province} đạt thành tích tại {contest}",
        ],
        "leads": [
            "Em {student}, học sinh {grade} {school} ({province}), vừa xuất sắc giành {prize} tại {contest}.",
            "Sở GD&ĐT {province} vừa tổ chức lễ tuyên dương {count} học sinh đạt thành tích cao tại {contest} năm học {year}.",
        ],
        "body": [
            "Bài dự thi của em là một mô hình ứng dụng {subject} vào đời sống, được ban giám khảo đánh giá cao.",
            "Những ngày cuối tuần, em thường lên thư viện tỉnh để tìm đọc tài liệu.",
            "Cả đội tuyển đã tập trung ôn luyện tại trường trong {few} tuần trước khi lên đường dự thi.",
            "Bạn bè cùng lớp tổ chức một buổi liên hoan nhỏ để chúc mừng em.",
            "Mẹ em {student} kể con gái từ nhỏ đã ham đọc sách và thích giải đố.",
            "Em được tuyển thẳng vào đại học theo quy chế tuyển sinh hiện hành.",
            "Sở GD&ĐT {province} đã đón đoàn học sinh tại sân bay và tặng hoa chúc mừng.",
            "Đây là năm thứ {few} liên tiếp nhà trường có học sinh đạt giải ở cấp quốc gia.",
            "Đây là lần đầu tiên một học sinh của tỉnh đạt {prize} ở nội dung này.",
            "Em {student} cho biết đã dành nhiều thời gian tự học môn {subject} mỗi tối sau giờ học chính khóa.",
            "Cô {teacher}, giáo viên bồi dưỡng đội tuyển, nhận xét em có tư duy độc lập và rất chăm chỉ.",
            "Hiệu trưởng {principal} cho biết nhà trường sẽ khen thưởng em {money} từ quỹ khuyến học.",
            "Ông {official}, {position} {province}, gửi thư khen và tặng bằng khen cho thầy trò {short}.",
            "Đội tuyển của tỉnh năm nay gồm {count} em, trong đó có nhiều em học sinh {grade}.",
            "Gia đình em {student} làm nông, bố mẹ {feeling} khi nghe tin con đạt giải.",
            "Thành tích này góp phần đưa {province} vào nhóm dẫn đầu cả nước về số giải {contest}.",
            "Em {student} mong muốn theo học ngành kỹ thuật tại một trường đại học trong nước.",
            "Nhà trường đã duy trì câu lạc bộ {subject} suốt {few} năm để phát hiện học sinh có năng khiếu.",
            "Trước đó, em từng đạt {prize} kỳ thi chọn học sinh giỏi cấp tỉnh môn {subject}.",
            "UBND tỉnh {province} đã quyết định tặng bằng khen cho {count} tập thể và cá nhân.",
        ],
    },
    "facilities": {
        "titles": [
            "{Facility} {school} {damage}",
            "Học sinh {short} học trong {facility} {damage}",
            "{Province} chi {budget} sửa chữa trường học xuống cấp",
            "Khi nào {school} có {facility} mới?",
        ],
        "leads": [
            "Nhiều năm nay, {facility} của {school} ({commune}, {province}) {damage}, khiến giáo viên và học sinh {feeling}.",
            "{Daypart} {date}, UBND {commune} cho biết đã đề xuất bố trí {budget} để xây mới {facility} cho {school}.",
        ],
        "body": [
            "Nhà vệ sinh của trường không có nước, học sinh phải chạy sang nhà dân gần đó.",
            "Bàn ghế cũ kỹ, nhiều chiếc đã gãy chân được giáo viên buộc tạm bằng dây thép.",
            "Mùa hè, phòng học mái tôn nóng hầm hập dù đã lắp thêm quạt.",
            "Điểm trường lẻ cách trung tâm {few} cây số, đường vào lầy lội vào mùa mưa.",
            "Thư viện của trường chỉ có vài trăm đầu sách, phần lớn đã cũ.",
            "Nhà thầu cam kết hoàn thành công trình trước khai giảng năm học {year}.",
            "Một mảng trần rơi xuống lớp học lúc chuyển tiết, may mắn không có học sinh bị thương.",
            "Chính quyền địa phương đã vận động doanh nghiệp tài trợ {budget} để sửa mái và tường rào.",
            "Công trình được xây dựng từ hơn {few} năm trước và chưa một lần được sửa chữa lớn.",
            "Mỗi khi trời mưa, giáo viên phải cho học sinh chuyển sang học nhờ ở {place}.",
            "Hiệu trưởng {principal} cho biết nhà trường đã nhiều lần làm văn bản đề nghị cấp trên hỗ trợ.",
            "Theo ông {leader}, {cposition} {commune}, việc chậm xây mới là do {reason}.",
            "Hiện trường có {count} học sinh nhưng chỉ có {count} phòng học kiên cố.",
            "Ông {official}, {position} {province}, cho biết dự án sẽ được ưu tiên trong kế hoạch đầu tư công năm tới.",
            "Phụ huynh {parent} {feeling} khi thấy mảng vữa rơi ngay cạnh bàn học của con.",
            "Nhà trường đã căng bạt, dựng cột chống tạm thời để bảo đảm an toàn cho học sinh.",
            "Theo {doc}, trường học phải được kiểm định chất lượng công trình định kỳ.",
            "Tổng kinh phí dự kiến khoảng {budget}, từ nguồn ngân sách tỉnh và xã hội hóa.",
            "Đoàn công tác của Sở GD&ĐT đã kiểm tra thực tế {facility} vào ngày {date}.",
            "Giáo viên {teacher} cho biết nhiều em học sinh {grade} phải học ca ba vì thiếu phòng.",
        ],
    },
    "teachers": {
        "titles": [
            "{Province} thiếu {count} giáo viên đầu năm học",
            "Giáo viên {short} chưa được nhận lương {few} tháng",
            "Nhiều giáo viên {province} xin nghỉ việc vì {reason}",
            "{School} chật vật tìm giáo viên {subject}",
        ],
        "leads": [
            "Bước vào năm học {year}, ngành giáo dục {province} thiếu khoảng {count} giáo viên, nhiều nhất là giáo viên môn {subject}.",
            "{Daypart} {date}, nhiều giáo viên {school} ({commune}, {province}) phản ánh việc chậm chi trả phụ cấp và tiền dạy thêm giờ.",
        ],
        "body": [
            "Nhiều giáo viên phải chạy xe hơn {few} cây số mỗi ngày đến điểm trường lẻ.",
            "Lương khởi điểm của giáo viên mới ra trường chỉ khoảng {money} mỗi tháng sau khi trừ các khoản bảo hiểm.",
            "Cô {teacher} tâm sự nhiều đêm phải thức khuya soạn giáo án và chấm bài.",
            "Kỳ tuyển dụng gần nhất, môn {subject} không có hồ sơ đăng ký nào.",
            "Sở Nội vụ {province} đang thẩm định đề án vị trí việc làm của ngành giáo dục.",
            "Nhiều trường phải xin giáo viên dạy liên trường từ các xã lân cận.",
            "Giáo viên hợp đồng không được hưởng đầy đủ các chế độ như giáo viên biên chế.",
            "Sinh viên sư phạm được hỗ trợ học phí và sinh hoạt phí theo {doc}.",
            "Nguyên nhân chủ yếu là {reason}, trong khi số lớp học tăng thêm {few} lớp.",
            "Cô {teacher} cho biết mỗi tuần phải dạy vượt {few} tiết so với định mức.",
            "Hiệu trưởng {principal} thừa nhận nhà trường phải mời giáo viên hợp đồng dạy môn {subject}.",
            "Ông {official}, {position} {province}, cho biết Sở đang đề xuất tuyển dụng bổ sung {count} chỉ tiêu.",
            "Theo {doc}, giáo viên được hưởng phụ cấp ưu đãi nghề từ 30% đến 70% tùy địa bàn.",
            "Nhiều giáo viên trẻ đã chuyển sang làm việc tại các trường tư thục với mức thu nhập cao hơn.",
            "Để khắc phục, nhà trường ghép lớp và bố trí giáo viên dạy liên trường.",
            "Tiền dạy thêm giờ của năm học trước vẫn còn nợ khoảng {budget}.",
            "Đại diện công đoàn ngành cho biết đã nhận được {count} đơn kiến nghị của giáo viên.",
            "Giáo viên {teacher} {feeling} vì đã {few} tháng chưa nhận được phụ cấp thu hút.",
            "Tỉnh {province} đang có chính sách hỗ trợ {money} mỗi tháng cho giáo viên công tác ở vùng khó.",
            "UBND {commune} đã đề nghị tỉnh ưu tiên biên chế giáo viên cho {school}.",
        ],
    },
    "event": {
        "titles": [
            "{School} tổ chức {event}",
            "Rộn ràng {event} tại {short}",
            "{Province}: hơn {count} nghìn học sinh tham gia {event}",
            "Thầy trò {short} hào hứng với {event}",
        ],
        "leads": [
            "{Daypart} {date}, {school} ({commune}, {province}) long trọng tổ chức {event} với sự tham dự của đông đảo {group}.",
            "Hưởng ứng {event}, thầy và trò {school} đã có nhiều hoạt động ý nghĩa trong tuần qua.",
        ],
        "body": [
            "Tiếng trống khai trường vang lên trong niềm hân hoan của học sinh và phụ huynh.",
            "Các em học sinh {grade} lần đầu bước vào ngôi trường mới với nhiều bỡ ngỡ.",
            "Đội văn nghệ của trường đã tập luyện suốt {few} ngày để chuẩn bị chương trình.",
            "Nhiều cựu học sinh từ khắp nơi trở về thăm trường, gặp lại thầy cô cũ.",
            "Các gian hàng trưng bày sản phẩm sáng tạo của học sinh thu hút đông người xem.",
            "Buổi lễ kết thúc bằng màn đồng diễn của hơn {count} học sinh.",
            "Nhà trường phát động phong trào thi đua dạy tốt, học tốt trong toàn trường.",
            "Ban tổ chức trao giải cho {count} tập thể lớp có thành tích xuất sắc.",
            "Tham dự có ông {official}, {position} {province}, cùng đại diện lãnh đạo {commune}.",
            "Năm học {year}, nhà trường có {count} học sinh với {few} lớp học.",
            "Phát biểu tại buổi lễ, hiệu trưởng {principal} điểm lại những kết quả nổi bật của năm học trước.",
            "Các tiết mục văn nghệ do {group} biểu diễn nhận được nhiều tràng pháo tay.",
            "Dịp này, nhà trường trao {count} suất học bổng, mỗi suất trị giá {money}, cho học sinh vượt khó.",
            "Em {student}, học sinh {grade}, chia sẻ cảm xúc {feeling} khi được đại diện học sinh phát biểu.",
            "Ông {official} đề nghị nhà trường tiếp tục thực hiện tốt {policy}.",
            "Chương trình được tổ chức tại {place} trong không khí trang trọng, ấm áp.",
            "Nhiều hoạt động trải nghiệm về {subject} thu hút đông đảo học sinh tham gia.",
            "Ban đại diện cha mẹ học sinh đã trao tặng nhà trường {count} bộ bàn ghế và sách tham khảo.",
            "Nhà trường đặt mục tiêu {percent}% học sinh đạt kết quả học tập từ khá trở lên.",
            "Cô {teacher} xúc động nhận hoa và những lời chúc của các thế hệ học trò.",
        ],
    },
    "policy": {
        "titles": [
            "{Province} triển khai {policy}",
            "Từ năm học {year}, {policy}",
            "Phụ huynh {province} {feeling} với {policy}",
            "Những điểm mới của {doc} về {policy}",
        ],
        "leads": [
            "HĐND tỉnh {province} vừa thông qua nghị quyết về {policy}, áp dụng từ năm học {year}.",
            "{Daypart} {date}, Sở GD&ĐT {province} tổ chức hội nghị triển khai {policy} tới các trường học.",
        ],
        "body": [
            "Mức hỗ trợ cụ thể là {money} mỗi học sinh mỗi tháng, thời gian hưởng 9 tháng mỗi năm học.",
            "Đối tượng được hưởng gồm học sinh các trường công lập và ngoài công lập trên địa bàn tỉnh.",
            "Các trường phải hoàn thành việc rà soát, lập danh sách trong tháng đầu năm học.",
            "Một số ý kiến đề nghị mở rộng đối tượng hỗ trợ sang học sinh giáo dục thường xuyên.",
            "Trước đó, dự thảo nghị quyết đã được lấy ý kiến rộng rãi của người dân và giáo viên.",
            "Chính sách được kỳ vọng giúp học sinh vùng khó yên tâm đến trường.",
            "Các xã vùng sâu sẽ được ưu tiên bố trí kinh phí trước.",
            "Sở Tài chính {province} sẽ phối hợp với Sở GD&ĐT hướng dẫn thủ tục thanh quyết toán.",
            "Theo nghị quyết, khoảng {count} nghìn học sinh trên địa bàn tỉnh được hưởng lợi.",
            "Tổng kinh phí thực hiện dự kiến {budget} mỗi năm, do ngân sách tỉnh bảo đảm.",
            "Ông {official}, {position} {province}, cho biết chính sách nhằm giảm gánh nặng chi phí cho phụ huynh.",
            "Theo {doc}, các trường phải niêm yết công khai danh sách học sinh được hỗ trợ.",
            "Hiệu trưởng {principal} ({school}) đánh giá chính sách giúp giảm tỷ lệ học sinh bỏ học.",
            "Nhiều phụ huynh {feeling} vì trước đây mỗi năm phải đóng khoảng {money} cho mỗi con.",
            "Sở GD&ĐT yêu cầu các trường báo cáo số liệu học sinh trước ngày {date}.",
            "Việc triển khai gặp khó khăn ở vùng sâu vì {reason}.",
            "Ngoài ra, tỉnh sẽ tiếp tục {policy} trong giai đoạn tới.",
            "Phụ huynh {parent} cho biết gia đình có {few} con đang đi học nên rất mong chính sách sớm được thực hiện.",
            "Cán bộ quản lý các trường được tập huấn về quy trình lập hồ sơ, chi trả.",
            "Tỷ lệ học sinh đi học đúng độ tuổi của tỉnh hiện đạt {percent}%.",
        ],
    },
}

# Sentences any article may use (background, context, closings); some carry quotes from officials.
GENERAL = [
    "Trước đó, ngày {date}, Sở GD&ĐT {province} đã ban hành văn bản hướng dẫn các trường thực hiện {policy}.",
    "Toàn tỉnh {province} hiện có {count} trường học với hơn {count} nghìn học sinh các cấp.",
    "\"Chúng tôi sẽ {action} và xử lý nghiêm nếu có sai phạm\", ông {official} nói.",
    "\"Nhà trường luôn lắng nghe ý kiến của phụ huynh và sẽ rút kinh nghiệm\", bà {principal} chia sẻ.",
    "Theo lãnh đạo {commune}, địa phương sẽ phối hợp chặt chẽ với nhà trường trong thời gian tới.",
    "Năm học {year}, ngành giáo dục {province} đặt mục tiêu nâng cao chất lượng giáo dục toàn diện.",
    "Phóng viên đã liên hệ với {school} nhưng chưa nhận được phản hồi chính thức.",
    "Sự việc thu hút hàng nghìn lượt bình luận trên {platform} chỉ sau vài giờ.",
    "{School} hiện có {count} cán bộ, giáo viên, nhân viên và gần {count} học sinh.",
    "Nhiều chuyên gia giáo dục cho rằng cần có sự phối hợp chặt chẽ giữa gia đình và nhà trường.",
    "Sở GD&ĐT {province} đã công bố số điện thoại đường dây nóng để tiếp nhận phản ánh của người dân.",
    "Thời gian qua, {province} đã dành nhiều nguồn lực cho {policy}.",
    "Đại diện ban đại diện cha mẹ học sinh cho biết sẽ chuyển các ý kiến của phụ huynh tới nhà trường.",
    "Theo số liệu của Sở GD&ĐT, năm học trước tỉnh có {percent}% trường học đạt chuẩn quốc gia.",
    "\"Quyền lợi của học sinh phải được đặt lên hàng đầu\", {position} {province} {official} nhấn mạnh.",
    "Vụ việc đang được các cơ quan chức năng tiếp tục xác minh, làm rõ.",
    "Báo sẽ tiếp tục thông tin về vụ việc.",
    "Nhà trường cam kết sẽ báo cáo kết quả với Sở GD&ĐT và UBND {commune} trong tuần tới.",
]
BYLINES = ["{author}", "Nhóm phóng viên", "{author} – {author}", "PV", "{author} (thực hiện)"]

# Added by syndicating sites.
COPY_INTROS = [
    "Câu chuyện tại {short} đang nhận được sự quan tâm của dư luận.",
    "Vụ việc xảy ra tại {province} khiến nhiều người không khỏi băn khoăn.",
    "Đây là thông tin được nhiều phụ huynh quan tâm trong những ngày qua.",
    "Mới đây, thông tin về {school} gây chú ý trên {platform}.",
    "Sự việc đang gây xôn xao dư luận địa phương.",
]
SOURCE_LINES = ["Theo báo {outlet}", "Nguồn: {outlet}", "(Theo {outlet})", "Theo {outlet}",
                "Bài viết được đăng lại từ {outlet}"]
COPY_TITLES = [
    "{title}", "Nóng: {title}", "{title} – phụ huynh {feeling}", "Vụ việc ở {short}: {title_lower}",
    "{Province}: {title_lower}", "Thông tin mới nhất vụ việc tại {short}", "{title} (video)",
    "Dư luận xôn xao chuyện ở {short}", "Chuyện ở {short}: {title_lower}",
]
# Word swaps an editor makes; both directions occur.
SYNONYMS = [
    ("học sinh", "các em"), ("giáo viên", "thầy cô"), ("cho biết", "thông tin"), ("phụ huynh", "cha mẹ học sinh"),
    ("nhà trường", "trường"), ("bức xúc", "bất bình"), ("tổ chức", "triển khai"), ("nhiều", "không ít"),
    ("đã", "vừa"), ("khoảng", "chừng"), ("yêu cầu", "đề nghị"), ("sự việc", "vụ việc"), ("tỉnh", "địa phương"),
    ("hiện", "hiện nay"), ("thừa nhận", "xác nhận"), ("khẳng định", "nhấn mạnh"), ("năm nay", "năm học này"),
    ("sau đó", "tiếp đó"), ("lãnh đạo", "đại diện lãnh đạo"), ("cơ quan chức năng", "các cơ quan liên quan"),
]

# How one writer's sentence differs from another's built on the same template: interchangeable phrases
# (each occurrence re-drawn, with probability VARIATION) and sentence openers. Without them, two stories from
# the same templates would share most of their wording, which real different stories do not.
VARIATION = 0.75
VARIANTS = [
    ["cho biết", "cho hay", "nói rõ"], ["đã", "vừa"], ["nhiều", "không ít"],
    ["khoảng", "chừng", "xấp xỉ"], ["yêu cầu", "đề nghị", "chỉ đạo"], ["sự việc", "vụ việc"],
    ["thời gian tới", "thời gian sắp tới", "những tháng tới"], ["bảo đảm", "đảm bảo"],
    ["kiểm tra", "rà soát"], ["phản ánh", "phản ảnh", "kiến nghị"], ["rất", "hết sức", "vô cùng"],
    ["trước đó", "trước đây", "cách đây không lâu"], ["nhằm", "để"], ["thời gian qua", "thời gian gần đây"],
    ["cơ quan chức năng", "các cơ quan liên quan", "cơ quan có thẩm quyền"], ["cho rằng", "nhận định"],
    ["xử lý nghiêm", "xử lý dứt điểm", "xử lý nghiêm minh"], ["nhà trường", "ban giám hiệu"],
    ["thừa nhận", "xác nhận"], ["khẳng định", "nhấn mạnh", "quả quyết"], ["sau đó", "tiếp đó"],
    ["toàn bộ", "tất cả"], ["tham gia", "góp mặt"], ["phụ huynh", "cha mẹ học sinh"], ["các em", "các cháu"],
    ["bức xúc", "bất bình", "không đồng tình"], ["xuống cấp", "hư hỏng"], ["tăng cường", "đẩy mạnh"],
    ["mong muốn", "hy vọng", "kỳ vọng"], ["đề xuất", "kiến nghị"], ["nguyên nhân", "lý do"],
    ["nhanh chóng", "kịp thời"], ["tuy nhiên", "dù vậy"], ["ngay", "ngay lập tức"],
]
OPENERS = [
    "Được biết, ", "Theo tìm hiểu, ", "Cũng theo nguồn tin này, ", "Đáng chú ý, ", "Trong khi đó, ", "Bên cạnh đó, ",
    "Ngoài ra, ", "Theo ghi nhận, ", "Cùng ngày, ", "Qua tìm hiểu, ", "Thực tế, ", "Đáng nói, ", "Theo phóng viên, ",
    "Ghi nhận tại hiện trường, ", "Cũng trong buổi làm việc, ", "Liên quan đến nội dung này, ",
]
# First words that may lose their capital after an opener (common words, not names or acronyms).
_LOWERABLE = {
    "Ông", "Bà", "Hiệu", "Nhiều", "Theo", "Trước", "Đoạn", "Nạn", "Giáo", "Công", "Nhà", "Tại", "Năm", "Có", "Một",
    "Phụ", "Tỷ", "Đề", "Toàn", "Thí", "Đây", "Gia", "Đội", "Thành", "Các", "Bữa", "Khoảng", "Bác", "Đoàn", "Kết",
    "Mỗi", "Hiện", "Tổng", "Tham", "Phát", "Dịp", "Chương", "Ban", "Việc", "Cán", "Sự", "Phóng", "Vụ", "Đại",
    "Trường", "Tiền", "Để", "Em", "Cô", "Đến", "Hơn",
}

# ---------------------------------------------------------------- posts and comments

# A Facebook post is one line from each group (later groups are skipped now and then): different parents
# and pages write the same kind of post in their own words.
POST_TEMPLATES: list[list[list[str]]] = [
    [
        ["Phụ huynh {short} ơi, có ai thấy năm nay khoản {fee_item} cao bất thường không?",
         "Xin hỏi các phụ huynh {short}: khoản {fee_item} năm nay thu bao nhiêu vậy ạ?",
         "Mới đầu năm mà {short} đã thu đủ thứ tiền, mọi người có thấy vô lý không?",
         "Ai có con học {short} cho mình hỏi về khoản {fee_item} với."],
        ["Lớp con em {grade} vừa được thông báo nộp {money}, chưa kể {fee_item}.",
         "Con mình về đưa tờ giấy ghi phải nộp {money} trong tuần này.",
         "Cộng hết các khoản lại cũng gần {money} một đứa, nhà có hai đứa là thành gấp đôi.",
         "Riêng {fee_item} đã {money}, còn {fee_item} thì chưa báo giá."],
        ["Hỏi cô chủ nhiệm thì cô bảo ban phụ huynh thống nhất rồi, nhưng em không hề được họp.",
         "Họp phụ huynh chỉ thông báo chứ không hỏi ý kiến ai cả.",
         "Nói là tự nguyện mà lớp nào cũng ghi sẵn mức đóng.",
         "Cô giáo nhắn trong nhóm Zalo lớp, ai chưa đóng thì bị nhắc tên."],
        ["Em không tiếc tiền cho con học nhưng mọi thứ phải minh bạch.",
         "Nhà em làm nông, mỗi đầu năm học là một lần lo.",
         "Tiền thì không nhiều nhưng cách làm như vậy là không ổn.",
         "Mình chỉ mong nhà trường công khai thu chi rõ ràng."],
        ["Mong nhà trường và Sở GD&ĐT {province} xem xét giúp.",
         "Ai có thông tin thì chia sẻ để mọi người cùng biết.",
         "Các phụ huynh khác thấy sao, cho em xin ý kiến.",
         "Đề nghị cơ quan chức năng vào cuộc kiểm tra."],
    ],
    [
        ["THÔNG BÁO: {school} thông báo lịch {event} năm học {year}.",
         "{School} trân trọng thông báo kế hoạch tổ chức {event}.",
         "Nhà trường xin thông báo tới quý phụ huynh và học sinh về {event}.",
         "[THÔNG BÁO] Lịch {event} của {short}."],
        ["Thời gian: {daypart_lower} {weekday}, ngày {date}.", "Thời gian bắt đầu: 7 giờ 30, {weekday} ngày {date}.",
         "Buổi lễ diễn ra vào {daypart_lower} ngày {date}.", "Ngày tổ chức: {weekday}, {date}."],
        ["Địa điểm: {place}.", "Địa điểm tổ chức: {place} của trường.", "Tập trung tại {place}."],
        ["Đề nghị {group} có mặt đúng giờ, trang phục theo quy định.",
         "Học sinh mặc đồng phục, đeo khăn quàng đỏ, có mặt trước 15 phút.",
         "Phụ huynh đưa đón con đúng giờ và gửi xe đúng nơi quy định.",
         "Các lớp chuẩn bị ghế ngồi và vệ sinh khu vực được phân công."],
        ["Mọi thông tin chi tiết xin liên hệ văn phòng nhà trường.",
         "Trân trọng cảm ơn quý phụ huynh đã đồng hành cùng nhà trường.",
         "Rất mong nhận được sự quan tâm của quý vị.",
         "Nhà trường kính mời quý phụ huynh đến dự."],
    ],
    [
        ["Chúc mừng em {student}, học sinh {grade} {short}, đã xuất sắc giành {prize} {contest}!",
         "Tin vui: em {student} ({short}) vừa đạt {prize} tại {contest}.",
         "Xin chúc mừng học trò {student} với {prize} {contest}!",
         "Tự hào quá {short} ơi! Em {student} đã mang về {prize} {contest}."],
        ["Đây là niềm tự hào của thầy cô và các bạn học sinh toàn trường.",
         "Thành tích này là kết quả của cả một quá trình nỗ lực bền bỉ.",
         "Cả trường vỡ òa khi nghe tin em đạt giải.",
         "Một thành tích rất đáng tự hào của thầy trò nhà trường."],
        ["Cảm ơn cô {teacher} đã tận tình bồi dưỡng em trong suốt thời gian qua.",
         "Công lớn thuộc về cô {teacher}, người đã đồng hành cùng em nhiều năm.",
         "Gia đình em gửi lời cảm ơn sâu sắc tới thầy cô nhà trường."],
        ["Chúc em tiếp tục gặt hái nhiều thành công trên con đường học tập.",
         "Mong em giữ vững ngọn lửa đam mê với môn {subject}.",
         "Chúc em sẽ tiến xa hơn nữa."],
        ["Hãy cùng gửi lời chúc mừng đến em nhé!", "Mọi người cùng chia sẻ niềm vui này nhé!",
         "Thả tim chúc mừng em nào!"],
    ],
    [
        ["Sáng nay đưa con đi học mà thấy {facility} của {short} {damage}.",
         "Ai đi qua {short} mới thấy {facility} {damage} thế nào.",
         "Ảnh chụp chiều qua ở {short}: {facility} {damage}.",
         "Con gái về kể {facility} ở trường {damage}, mình đến xem tận mắt mới tin."],
        ["Con bảo mưa hôm qua cả lớp phải chuyển sang học ở {place}.",
         "Học sinh vẫn phải ngồi học ngay bên dưới.", "Các cháu mầm non mà học trong điều kiện này thì xót quá.",
         "Giáo viên phải kê bàn ra hành lang để dạy."],
        ["Mấy năm nay phụ huynh đã kiến nghị nhiều lần mà vẫn chưa thấy sửa.",
         "Hứa sửa từ năm ngoái mà đến giờ vẫn y nguyên.", "Năm nào họp phụ huynh cũng nêu nhưng chẳng ai giải quyết."],
        ["Nhỡ có chuyện gì xảy ra với các cháu thì ai chịu trách nhiệm?", "Mùa mưa bão sắp đến rồi, lo lắm.",
         "Phụ huynh sẵn sàng góp công góp sức nếu cần."],
        ["Rất mong chính quyền {commune} và ngành giáo dục {province} sớm vào cuộc.",
         "Mong báo chí lên tiếng giúp.", "Mọi người chia sẻ để đến được tai người có trách nhiệm."],
    ],
    [
        ["Clip học sinh {short} {violence} đang lan truyền trên {platform}.",
         "Lại thêm một vụ bạo lực học đường, lần này ở {short}.",
         "Xem clip ở {short} mà không cầm được nước mắt.",
         "Học sinh {short} {violence}, clip đăng trên {platform} được chia sẻ chóng mặt."],
        ["Xem mà thấy thương cháu bé quá, các bạn xung quanh còn đứng quay phim.",
         "Không ai can ngăn, chỉ đứng xem và cười.", "Cháu bé chỉ biết ôm đầu chịu trận."],
        ["Nhà trường cần làm rõ và có biện pháp giáo dục nghiêm khắc.",
         "Phụ huynh các em đánh bạn cũng phải chịu trách nhiệm.", "Thầy cô ở đâu khi chuyện này xảy ra?"],
        ["Bạo lực học đường không thể chấp nhận được, phụ huynh chúng ta phải lên tiếng.",
         "Con mình đi học mà bố mẹ ở nhà không yên tâm nổi.", "Đừng để chuyện này lặp lại thêm lần nào nữa."],
        ["Mong Sở GD&ĐT {province} xử lý dứt điểm vụ việc.", "Đề nghị công an {commune} vào cuộc.",
         "Mọi người chia sẻ để vụ việc được xử lý đến nơi đến chốn."],
    ],
    [
        ["Tin vui cho phụ huynh {province}: từ năm học {year} tỉnh thực hiện {policy}.",
         "Chính thức: {province} áp dụng {policy} từ năm học {year}.",
         "Phụ huynh {province} lưu ý: {policy} bắt đầu từ năm học {year}."],
        ["Theo thông tin từ Sở GD&ĐT, khoảng {count} nghìn học sinh sẽ được hưởng lợi.",
         "Dự kiến ngân sách tỉnh chi khoảng {budget} mỗi năm.", "Học sinh công lập và ngoài công lập đều được hưởng."],
        ["Phụ huynh lưu ý theo dõi hướng dẫn của nhà trường để làm hồ sơ đúng hạn.",
         "Hồ sơ nộp tại trường, hạn cuối ngày {date}.", "Các gia đình chuẩn bị giấy tờ theo mẫu nhà trường phát."],
        ["Mọi người chia sẻ để nhiều gia đình cùng biết nhé.", "Lưu lại kẻo trôi nhé các bố mẹ!",
         "Chính sách rất thiết thực, cảm ơn tỉnh."],
    ],
]
COMMENT_OPENERS = [
    "Nhà mình cũng bị y như vậy", "Đồng ý với chị", "Trường con em cũng thế", "Ủng hộ nhà trường",
    "Thật là bức xúc", "Cảm ơn admin đã chia sẻ", "Chúc mừng cháu", "Mong Sở vào cuộc sớm",
    "Năm nào cũng nghe chuyện này", "Thương các con quá", "Tự hào về thầy cô",
    "Cần làm rõ trách nhiệm", "Ai biết thông tin thêm không ạ",
]
# A comment is an opener and two to four clauses: people rarely write the same sentence twice.
COMMENT_CLAUSES = [
    "năm ngoái con em học {grade} cũng phải nộp {fee_item}", "mà không ai giải thích cho phụ huynh",
    "đề nghị công khai các khoản thu của {short}", "để phụ huynh cùng giám sát",
    "giáo viên {subject} ở trường con em dạy rất tâm huyết", "mong ngành có chính sách đãi ngộ tốt hơn",
    "con em về kể trong lớp vẫn có chuyện bắt nạt nhau", "mà cô chủ nhiệm không biết",
    "bếp ăn bán trú phải được kiểm tra thường xuyên", "chứ đợi xảy ra chuyện mới làm thì muộn rồi",
    "{facility} trường làng em cũng {damage} mấy năm nay", "điểm chuẩn năm nay cao quá",
    "con em thiếu có {score} điểm", "chính sách {policy} rất thiết thực", "gia đình em đỡ được nhiều",
    "cô giáo chủ nhiệm {grade} của con em rất tận tình", "cảm ơn thầy cô {short}",
    "mong Sở GD&ĐT {province} trả lời công khai", "em là giáo viên ở {province}",
    "lương chưa đủ sống mà còn bị áp lực đủ thứ", "học sinh bây giờ áp lực thi cử quá",
    "{exam} năm nào cũng căng thẳng", "phòng học như thế này thì các cháu học sao được",
    "chuyện dạy thêm học thêm cần quản lý chặt hơn", "nên có đường dây nóng cho phụ huynh",
    "phản ánh mà không sợ con bị trù dập", "ở {commune} cũng có chuyện tương tự",
    "con em học {grade} {short}", "nhà em có {few} đứa đang đi học", "mỗi tháng tốn cả {money}",
    "thầy hiệu trưởng cần đứng ra giải thích", "báo chí vào cuộc thì mới xử lý",
    "đọc mà thấy thương các con", "chúc mừng thầy trò nhà trường", "ai cũng từng đi học nên hiểu",
    "phụ huynh cũng phải xem lại cách dạy con", "không thể để tình trạng này kéo dài",
    "trách nhiệm trước hết là của nhà trường", "mong các cơ quan chức năng sớm có câu trả lời",
    "đề nghị xử lý nghiêm người vi phạm", "em thấy cô giáo đó rất có tâm",
]
COMMENT_CLOSERS = ["", "", ".", "!", "!!", " ạ.", " nhé mọi người.", ", buồn thật.", ", mong được phản hồi.",
                   " :(", " 👏👏", ", cảm ơn.", " quá trời luôn."]
REACTIONS = ["Hay quá!", "Chúc mừng em!", "Buồn thật.", "Đồng ý!", "Tuyệt vời quá", "Ủng hộ ạ", "Quá bức xúc",
             "Thương các cháu", "Cảm ơn thông tin", "Chia sẻ để mọi người cùng biết", "Xấu hổ quá",
             "Sở vào cuộc đi ạ", "Tự hào quá"]

# ---------------------------------------------------------------- queries

QUERY_TOPICS = [
    "học phí", "lạm thu", "thu sai quy định", "khoản thu", "quỹ phụ huynh", "tuyển sinh lớp 10", "điểm chuẩn",
    "thi tốt nghiệp", "học sinh giỏi", "bạo lực học đường", "ngộ độc thực phẩm", "bán trú", "xuống cấp",
    "thiếu giáo viên", "nợ lương", "dạy thêm", "khai giảng", "sách giáo khoa", "miễn học phí", "chuyển đổi số",
    "đuối nước", "an toàn thực phẩm", "phòng học", "giáo viên hợp đồng", "bắt nạt", "phúc khảo",
]
QUERY_WORDS = ["phụ", "huynh", "giáo", "viên", "trường", "học", "sinh", "thi", "điểm", "phí", "thu", "clip",
               "xử", "lý", "kỷ", "luật", "thanh", "tra", "nhập", "viện", "giải", "sở"]
QUERY_PREFIXES = ["giáo*", "học*", "tuyển*", "thanh*", "bạo*", "ngộ*", "phụ*", "olymp*", "kỷ*", "lạm*", "xuống*"]
QUERY_NEGATIVES = ["quảng cáo", "tuyển dụng", "khuyến mãi", "bóng đá", "xổ số", "tuyển sinh đại học"]


# ---------------------------------------------------------------- generation


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def strip_diacritics(text: str) -> str:
    """Text as typed without a Vietnamese keyboard: no tone marks or vowel diacritics, đ→d, case kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _slug(text: str) -> str:
    words = re.findall(r"\w+", strip_diacritics(text).lower())
    return "-".join(words[:12]) or "bai-viet"


_SLOT = re.compile(r"\{(\w+)\}")
_VARIANT_OF = {phrase: group for group in VARIANTS for phrase in group}
_VARIANT = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, _VARIANT_OF), key=len, reverse=True)) + r")(?!\w)")


@dataclass
class _Story:
    """An original, kept so that copies and near misses can be made from it."""

    story_id: int
    kind: str
    topic: str
    context: dict[str, str]
    templates: list[str]
    sentences: list[str]
    title: str
    site: str
    virality: float
    near_miss_of: int = 0
    copies: list[list[str]] = field(default_factory=list)  # sentence lists of its copies, to copy again


class _Generator:
    def __init__(self, seed: int, syndication_rate: float, locale: Locale | None = None) -> None:
        self.rng = random.Random(seed)
        self.syndication_rate = syndication_rate
        self.locale = locale if locale is not None and locale.schools else None
        self.last_local = ""  # the local school of the last context drawn (a comment's, say)
        self.clock = datetime(2026, 9, 1, 0, 0, tzinfo=UTC) + timedelta(minutes=self.rng.randint(0, 600))
        self.stories: list[_Story] = []
        self.next_story = 1
        self.next_item = 100_000

    # -- people and places

    def _person(self, female: bool | None = None) -> str:
        r = self.rng
        female = r.random() < 0.55 if female is None else female
        middle = r.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        return f"{r.choice(SURNAMES)} {middle} {r.choice(GIVEN_FEMALE if female else GIVEN_MALE)}"

    def _school(self) -> tuple[str, str]:
        r = self.rng
        level = r.choices(["Mầm non", "Tiểu học", "THCS", "THPT", "Phổ thông Dân tộc nội trú", "THCS và THPT"],
                          weights=[2, 3, 3, 4, 1, 1])[0]
        if level == "Mầm non":
            name = r.choice(PRESCHOOL_NAMES)
        elif level in {"Tiểu học", "THCS"} and r.random() < 0.5:
            name = r.choice(COMMUNES).split(" ", 1)[1]
        else:
            name = r.choice(NAMESAKES)
        return f"Trường {level} {name}", f"{level} {name}"

    def _context(self) -> dict[str, str]:
        r = self.rng
        # Only with a locale is a number drawn here: the stream without one stays the same for a seed.
        local = self.rng.choice(self.locale.schools) if self.locale and r.random() < self.locale.share else None
        school, short = (local.name, local.short) if local else self._school()
        day, month = r.randint(1, 28), r.choice([9, 10, 11, 12, 1, 2, 3, 4, 5, 6])
        start = 2025 + r.randint(0, 1)
        commune, province = r.choice(COMMUNES), r.choice(PROVINCES)
        if local and self.locale:
            commune, province = local.commune, self.locale.province
        self.last_local = local.short if local else ""
        return {
            "school": school, "short": short, "commune": commune, "province": province,
            "principal": self._person(female=True), "official": self._person(female=False),
            "position": r.choice(DEPARTMENT_POSITIONS), "cposition": r.choice(COMMUNE_POSITIONS),
            "leader": self._person(female=False), "teacher": self._person(female=True),
            "parent": f"{r.choice(['chị', 'anh'])} {self._person()}", "student": self._person(),
            "date": f"{day}/{month}", "year": f"{start}-{start + 1}", "author": self._person(),
            "local": self.last_local,
        }

    def _redraw(self, context: dict[str, str]) -> dict[str, str]:
        """Another story about the same school: same school, principal and officials; everything else new."""
        fresh = self._context()
        keep = ("school", "short", "commune", "province", "principal", "official", "position", "cposition", "leader",
                "local")
        return {**fresh, **{k: context[k] for k in keep}}

    def _fill(self, template: str, context: dict[str, str]) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            lower = name[:1].lower() + name[1:]
            if lower == "daypart_lower":
                return self.rng.choice(POOLS["daypart"]).lower()
            got = context.get(lower)
            if got is None:
                got = self.rng.choice(POOLS[lower])
            return _cap(got) if name[:1].isupper() else got

        return _SLOT.sub(value, template)

    def _vary(self, sentence: str, *, opener: bool = True) -> str:
        """The sentence as this writer words it: some phrases swapped for equivalents, maybe an opener."""
        r = self.rng

        def swap(match: re.Match[str]) -> str:
            return r.choice(_VARIANT_OF[match.group(1)]) if r.random() < VARIATION else match.group(1)

        sentence = _VARIANT.sub(swap, sentence)
        first = sentence.split(" ", 1)[0]
        if opener and r.random() < 0.35 and first in _LOWERABLE:
            sentence = r.choice(OPENERS) + sentence[:1].lower() + sentence[1:]
        return sentence

    # -- originals

    def _article_templates(self, topic: str) -> list[str]:
        """A lead, then topic sentences mixed with general ones (about four in five from the topic)."""
        r = self.rng
        pool = TOPICS[topic]
        specific = r.sample(pool["body"], len(pool["body"]))
        general = r.sample(GENERAL, len(GENERAL))
        templates = [r.choice(pool["leads"])]
        while specific or general:
            source = specific if specific and (not general or r.random() < 0.8) else general
            templates.append(source.pop())
        return templates

    def _new_article(self, topic: str | None = None, context: dict[str, str] | None = None,
                     templates: list[str] | None = None) -> _Story:
        """An article of 300 ± 150 words (normal, σ 75, clipped); given templates (a twin) are all used."""
        r = self.rng
        topic = topic or r.choice(list(TOPICS))
        context = context or self._context()
        words = max(150, min(450, int(r.gauss(300, 75))))
        candidates = templates or self._article_templates(topic)
        used: list[str] = []
        sentences: list[str] = []
        count = 0
        for template in candidates:
            if count >= words and not templates:
                break
            used.append(template)
            sentences.append(self._vary(self._fill(template, context)))
            count += len(sentences[-1].split())
        sentences.append(self._fill(r.choice(BYLINES), context))
        title = self._fill(r.choice(TOPICS[topic]["titles"]), context)
        return self._story("article", topic, context, used, sentences, title)

    def _story(self, kind: str, topic: str, context: dict[str, str], templates: list[str], sentences: list[str],
               title: str) -> _Story:
        site = self.rng.choice(OUTLETS)[0] if kind == "article" else "facebook.com"
        story = _Story(self.next_story, kind, topic, context, templates, sentences, title, site,
                       virality=min(40.0, self.rng.paretovariate(1.3)))
        self.next_story += 1
        return story

    def _new_post(self) -> _Story:
        r = self.rng
        context = self._context()
        groups = r.choice(POST_TEMPLATES)
        templates = [r.choice(groups[0]), *(r.choice(g) for g in groups[1:] if r.random() < 0.85)]
        sentences = [self._vary(self._fill(t, context), opener=False) for t in templates]
        if r.random() < 0.5:  # a post often ends with the poster's own line
            clauses = r.sample(COMMENT_CLAUSES, 2)
            sentences.append(_cap(", ".join(self._fill(c, context) for c in clauses)) + ".")
        return self._story("post", "post", context, templates, sentences, "")

    def _comment_text(self) -> str:
        r = self.rng
        if r.random() < 0.1:
            return r.choice(REACTIONS)
        context = self._context()
        parts = [r.choice(COMMENT_OPENERS) + ","]
        for clause in r.sample(COMMENT_CLAUSES, r.randint(2, 4)):
            part = self._vary(self._fill(clause, context), opener=False) + r.choice([",", ",", ".", ""])
            if len(" ".join([*parts, part]).split()) > 56:
                break
            parts.append(part)
        text = " ".join(parts).rstrip(",.") + r.choice(COMMENT_CLOSERS)
        return strip_diacritics(text) if r.random() < 0.3 else text

    # -- near misses

    def _twin(self, original: _Story) -> _Story:
        """The next press release written from the last one, about the same school and its people, every
        other detail drawn again: half the time sentence for sentence (the same templates in the same
        order, like a school's yearly opening-ceremony story), otherwise four in five of the templates
        in another order and the rest new."""
        r = self.rng
        lead, body = original.templates[0], original.templates[1:]
        if r.random() < 0.5:
            kept = list(body)
        else:
            kept = r.sample(body, round(len(body) * 0.8))
            fresh = [t for t in TOPICS[original.topic]["body"] if t not in body]
            kept += r.sample(fresh, min(len(fresh), len(body) - len(kept)))
            r.shuffle(kept)
        story = self._new_article(original.topic, self._redraw(original.context), [lead, *kept])
        story.near_miss_of = original.story_id
        return story

    def _follow_up(self, original: _Story) -> _Story:
        """A new story about the same school and topic repeating 2–4 background sentences of the original."""
        r = self.rng
        story = self._new_article(original.topic, self._redraw(original.context))
        background = r.sample(original.sentences[1:-1], min(len(original.sentences) - 2, r.randint(2, 4)))
        at = r.randint(1, max(1, len(story.sentences) - 2))
        story.sentences[at:at] = background
        story.near_miss_of = original.story_id
        return story

    # -- copies

    def _swap_words(self, sentences: list[str], swaps: int) -> list[str]:
        r = self.rng
        sentences = list(sentences)
        for _ in range(swaps):
            a, b = r.choice(SYNONYMS)
            if r.random() < 0.5:
                a, b = b, a
            pattern = re.compile(rf"(?<!\w){re.escape(a)}(?!\w)")
            candidates = [i for i, s in enumerate(sentences) if pattern.search(s)]
            if candidates:
                i = r.choice(candidates)
                sentences[i] = pattern.sub(b, sentences[i], count=1)
        return sentences

    def _copy(self, story: _Story) -> tuple[list[str], str, str]:
        """(sentences, title, site) of a re-publication of `story` (or of one of its copies)."""
        r = self.rng
        source = story.sentences
        if story.copies and r.random() < 0.3:
            source = r.choice(story.copies)
        body, byline = list(source[:-1]), source[-1]
        if story.kind == "post":
            body = list(source)
        # An edited article loses and gains up to three sentences each; a reposted Facebook post (a few
        # lines) is mostly pasted as it was: at most a line lost, two of the reposter's own added.
        article = story.kind == "article"
        removals, additions = ([40, 30, 20, 10], [40, 30, 20, 10]) if article else ([80, 20, 0, 0], [60, 30, 10, 0])
        for _ in range(r.choices([0, 1, 2, 3], weights=removals)[0]):
            if len(body) > 4:
                del body[r.randrange(1, len(body))]
        for _ in range(r.choices([0, 1, 2, 3], weights=additions)[0]):
            if story.kind == "article":
                extra = self._fill(r.choice(COPY_INTROS + GENERAL), story.context)
            else:  # the resharing page's own words
                extra = _cap(", ".join(self._fill(c, story.context) for c in r.sample(COMMENT_CLAUSES, 2))) + "."
            body.insert(r.randint(0, len(body)), extra)
        swaps = [25, 20, 20, 15, 10, 10] if article else [50, 30, 20, 0, 0, 0]
        body = self._swap_words(body, r.choices([0, 1, 2, 3, 4, 6], weights=swaps)[0])
        outlet = r.choice(OUTLETS)
        site = outlet[0] if story.kind == "article" else "facebook.com"
        if story.kind == "article":
            source_line = self._fill(r.choice(SOURCE_LINES), {"outlet": dict(OUTLETS).get(story.site, story.site)})
            ending = r.random()
            if ending < 0.4:
                body.append(source_line)
            elif ending < 0.7:
                body.append(self._fill(r.choice(BYLINES), {"author": self._person()}))
            elif ending < 0.85:
                body.append(byline)
        elif r.random() < 0.6:
            body.insert(0, f"Chia sẻ từ trang {r.choice(PAGES)}:")
        if r.random() < 1 / 6:
            body = [strip_diacritics(s) for s in body]
        title = ""
        if story.kind == "article":
            template = r.choice(COPY_TITLES)
            title = self._fill(template, {**story.context, "title": story.title,
                                          "title_lower": story.title[:1].lower() + story.title[1:]})
        story.copies.append(body)
        return body, title, site

    # -- the stream

    def _tick(self) -> datetime:
        self.clock += timedelta(seconds=self.rng.expovariate(1 / 90))
        return self.clock

    def _item(self, kind: str, title: str, sentences: list[str], site: str, story_id: int,
              reach_scale: float, near_miss_of: int = 0, local: str = "") -> GenItem:
        r = self.rng
        self.next_item += r.randint(1, 40)
        text = " ".join(sentences)
        if kind == "article":
            url = f"https://{site}/{_slug(title)}-{self.next_item}.html"
            reach = int(r.lognormvariate(8.0, 1.2) * reach_scale)
        elif kind == "post":
            url = f"https://www.facebook.com/{r.choice(PAGES)}/posts/{self.next_item}"
            reach = int(r.lognormvariate(4.5, 1.4) * reach_scale)
        else:
            url = f"https://www.facebook.com/{r.choice(PAGES)}/posts/{self.next_item // 7}?comment_id={self.next_item}"
            reach = int(r.lognormvariate(1.0, 1.2))
        return GenItem(title=title, text=text, url=url, site=site, published_at=self._tick(), kind=kind,
                       reach=reach, story_id=story_id, near_miss_of=near_miss_of, local_school=local)

    def _pick_for_copy(self) -> _Story | None:
        # Recent stories are syndicated (news travels within days), popular ones many times.
        recent = [s for s in self.stories[-400:] if s.kind in {"article", "post"}]
        if not recent:
            return None
        return self.rng.choices(recent, weights=[s.virality for s in recent])[0]

    def _original(self) -> GenItem:
        r = self.rng
        kind = r.choices(KINDS, weights=[55, 25, 20])[0]
        if kind == "comment":
            story_id = self.next_story
            self.next_story += 1
            text = self._comment_text()
            return self._item("comment", "", [text], "facebook.com", story_id, 1.0, local=self.last_local)
        articles = [s for s in self.stories[-400:] if s.kind == "article"]
        if kind == "article" and articles and r.random() < 0.2:
            original = r.choice(articles)
            story = self._twin(original) if r.random() < 0.5 else self._follow_up(original)
        else:
            story = self._new_article() if kind == "article" else self._new_post()
        self.stories.append(story)
        return self._item(story.kind, story.title, story.sentences, story.site, story.story_id, story.virality,
                          story.near_miss_of, story.context.get("local", ""))

    def next(self) -> GenItem:
        story = self._pick_for_copy() if self.rng.random() < self.syndication_rate else None
        if story is None:
            return self._original()
        sentences, title, site = self._copy(story)
        return self._item(story.kind, title, sentences, site, story.story_id, 0.5,
                          local=story.context.get("local", ""))


def generate(n: int, *, seed: int = 1, syndication_rate: float = 0.3, locale: Locale | None = None) -> list[GenItem]:
    """`n` items in publication order; about `syndication_rate` of them are copies of earlier items. With a
    locale, about `locale.share` of the stories are about its schools (see the module docstring)."""
    generator = _Generator(seed, syndication_rate, locale)
    return [generator.next() for _ in range(n)]


def syndicate(*, title: str, text: str, site: str, kind: str = "article", n: int, seed: int = 1,
              context: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """`n` re-publications (title, text, site) of one given article or post, edited the way the stream edits
    its copies (new titles, sentences added and removed, source lines, swapped words, some without
    diacritics). `context` fills the slots of added sentences ("school", "short", "province", "commune")."""
    generator = _Generator(seed, 0.0)
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    if kind == "article":
        sentences.append(generator._person())  # the byline a copy drops or keeps
    filled = {**generator._context(), **(context or {})}
    story = _Story(0, kind, "", filled, [], sentences, title, site, virality=1.0)
    out = []
    for _ in range(n):
        body, copy_title, copy_site = generator._copy(story)
        out.append((copy_title, " ".join(body), copy_site))
    return out


def generate_queries(n: int = 500, seed: int = 1) -> list[str]:
    """Topic queries as communications officers write them: topics, schools, provinces, operators."""
    r = random.Random(seed)
    generator = _Generator(seed, 0.0)
    return [_query(r, generator) for _ in range(n)]


def _phrase(r: random.Random, text: str) -> str:
    return f'"{text}"' if " " in text else text


def _query(r: random.Random, g: _Generator) -> str:
    topic = _phrase(r, r.choice(QUERY_TOPICS))
    other = _phrase(r, r.choice(QUERY_TOPICS))
    province = _phrase(r, r.choice(PROVINCES))
    _, short = g._school()
    school = f'"{short}"'
    negative = _phrase(r, r.choice(QUERY_NEGATIVES))
    word = r.choice(QUERY_WORDS)
    prefix = r.choice(QUERY_PREFIXES)
    site = r.choice(OUTLETS)[0]
    shapes = [
        f"{topic}",
        f"{topic} AND {province}",
        f"({topic} OR {other}) AND {province}",
        f"({topic} OR {other}) AND NOT {negative}",
        f"{school} OR \"trường {short}\"",
        f"{school} AND ({topic} OR {other})",
        f"title:{topic} AND {province}",
        f"title:({topic} OR {other}) -{negative}",
        f"{prefix} NEAR/5 {topic}",
        f"{word} NEAR/3 {_phrase(r, r.choice(QUERY_TOPICS))} AND {province}",
        f"site:{site} AND {topic}",
        f"({province} OR {_phrase(r, r.choice(PROVINCES))}) AND ({topic} OR {other} OR {prefix})",
        f"{topic} {province} NOT {negative}",
        f"={_phrase(r, r.choice(PROVINCES))} AND {topic}",
        f"{school} AND NOT site:{site}",
        f"({topic} AND {province}) OR ({school} AND {other})",
        f"{strip_diacritics(r.choice(QUERY_TOPICS)).join(['\"', '\"'])} OR {topic}",
    ]
    return r.choice(shapes)
