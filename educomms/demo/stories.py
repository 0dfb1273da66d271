"""The demo province's newsroom: about forty fictional stories of the department and a few schools.

Every story goes through the newsroom services as real people would move it: a communications officer
(or another member of staff) drafts, the story is submitted, the director or the spokesperson of the
owning unit approves and publishes it (never its author). At a few schools a teacher drafts, the
school's communications officer submits and the principal approves. One school story is proposed to the
department, accepted and republished there with its attribution. Two stories wait in review, one has
changes requested and one is scheduled for tomorrow morning.

Demo history: the services stamp `published_at` (and the transitions) with the current time, which
would make a freshly loaded demo look as if everything was written in the same second. After the
workflow has run, this module alone moves those timestamps back over the last ~60 days with queryset
updates (and marks a few stories as featured, which no service does yet), then bumps the portal cache.

Everything here is fictional: no real people are named and no real events are described.
`load()` is idempotent: it does nothing when the department already has stories.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.audit.models import Event
from educomms.newsroom import services
from educomms.newsroom.models import Audience, Proposal, Story, StoryState, StoryTransition, Theme
from educomms.newsroom.seeds import THEMES, theme_slug
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import Role

from . import province

S = StoryState
T, P, PA, PU = Audience.TEACHERS, Audience.STUDENTS, Audience.PARENTS, Audience.PUBLIC
# Theme indexes in newsroom.seeds.THEMES.
SOLUTIONS, DIGITAL, IT, EXAMS, CURRICULUM, EXEMPLARS, EXPERIENCE, CHARITY, POLICY = range(9)


@dataclass(frozen=True)
class Item:
    title: str
    summary: str
    body: list[str]  # paragraphs; a paragraph starting with "## " is a subheading
    themes: list[int]
    audiences: list[str]
    days_ago: int = 0  # when published (0: not published)
    featured: bool = False
    outcome: str = S.PUBLISHED  # or IN_REVIEW, CHANGES_REQUESTED, SCHEDULED
    note: str = ""  # the reviewer's request when changes are requested


@dataclass
class LoadResult:
    created: bool
    stories: int = 0
    published: int = 0
    school_published: int = 0
    in_review: int = 0
    changes_requested: int = 0
    scheduled: int = 0
    republished: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    demo: bool = True  # False: not the demo province (or its themes are gone), nothing was written


DEPARTMENT_STORIES: list[Item] = [
    Item("Sở GD&ĐT Bình Sơn triển khai nhiệm vụ năm học với chủ đề đổi mới và kỷ cương",
         "Hội nghị tổng kết và triển khai nhiệm vụ năm học xác định năm nhóm nhiệm vụ trọng tâm, trong đó chú "
         "trọng chất lượng dạy học và chuyển đổi số.",
         ["Sáng nay, Sở Giáo dục và Đào tạo tỉnh Bình Sơn tổ chức hội nghị triển khai nhiệm vụ năm học với sự "
          "tham dự của lãnh đạo các phòng chuyên môn, các trường THPT và đại diện các xã, phường.",
          "## Năm nhóm nhiệm vụ trọng tâm",
          "Hội nghị thống nhất tập trung vào nâng cao chất lượng dạy học, hoàn thiện mạng lưới trường lớp, phát "
          "triển đội ngũ, đẩy mạnh chuyển đổi số và tăng cường công tác truyền thông của ngành.",
          "Lãnh đạo Sở đề nghị các đơn vị cụ thể hóa nhiệm vụ thành kế hoạch của từng trường, có người phụ "
          "trách và thời hạn rõ ràng."],
         [SOLUTIONS, POLICY], [T, PU], 58, featured=True),
    Item("Mô hình lớp học đảo ngược giúp học sinh chủ động hơn trong giờ học",
         "Nhiều trường THPT trong tỉnh áp dụng mô hình lớp học đảo ngược ở các môn khoa học tự nhiên, học sinh "
         "xem bài trước ở nhà và thảo luận trên lớp.",
         ["Theo báo cáo của Phòng Giáo dục Trung học, mô hình lớp học đảo ngược đã được thí điểm ở 12 trường "
          "trong học kỳ I, chủ yếu ở các môn Vật lí, Hóa học và Sinh học.",
          "Giáo viên chuẩn bị video bài giảng ngắn và phiếu câu hỏi; thời gian trên lớp dành cho thí nghiệm, "
          "thảo luận nhóm và giải đáp thắc mắc.",
          "Sở sẽ tổng hợp kinh nghiệm để hướng dẫn nhân rộng từ học kỳ II."],
         [SOLUTIONS], [T], 52),
    Item("Tăng cường dạy học tích hợp ở cấp trung học cơ sở",
         "Sở GD&ĐT hướng dẫn các trường THCS xây dựng kế hoạch dạy học tích hợp, bảo đảm giáo viên được bồi "
         "dưỡng đầy đủ.",
         ["Các môn Khoa học tự nhiên, Lịch sử và Địa lí là những môn tích hợp cần sự phối hợp chặt chẽ giữa "
          "giáo viên các chuyên ngành.",
          "Sở khuyến khích các trường tổ chức sinh hoạt chuyên môn theo cụm, chia sẻ kế hoạch bài dạy và đề "
          "kiểm tra giữa các trường gần nhau."],
         [SOLUTIONS, CURRICULUM], [T], 31),
    Item("Kho học liệu số của ngành được bổ sung hơn 2.000 bài giảng",
         "Kho học liệu số dùng chung của tỉnh vừa được cập nhật các bài giảng điện tử, đề kiểm tra và video "
         "thí nghiệm do giáo viên trong tỉnh biên soạn.",
         ["Các học liệu đã được tổ thẩm định của Sở xem xét về nội dung và bản quyền trước khi đưa lên kho.",
          "Giáo viên và học sinh đăng nhập bằng tài khoản của trường để sử dụng miễn phí; học liệu được sắp xếp "
          "theo môn, lớp và bài học của Chương trình GDPT 2018.",
          "Sở tiếp tục kêu gọi giáo viên đóng góp học liệu chất lượng, có ghi nhận tác giả."],
         [DIGITAL, IT], [T, P], 45, featured=True),
    Item("Hội thảo nghiên cứu khoa học sư phạm ứng dụng cấp tỉnh",
         "Hơn 80 sáng kiến của giáo viên được giới thiệu tại hội thảo, tập trung vào đổi mới phương pháp và "
         "đánh giá học sinh.",
         ["Hội thảo do Phòng Quản lý chất lượng phối hợp với các trường tổ chức, gồm ba tiểu ban: phương pháp "
          "dạy học, kiểm tra đánh giá và quản lý nhà trường.",
          "Nhiều sáng kiến có thể áp dụng ngay, như sổ theo dõi tiến bộ của học sinh hay ngân hàng câu hỏi "
          "dùng chung trong tổ chuyên môn."],
         [DIGITAL, EXEMPLARS], [T], 24),
    Item("Hướng dẫn sử dụng sổ điểm điện tử và học bạ số trong năm học",
         "Sở GD&ĐT ban hành hướng dẫn thống nhất việc sử dụng sổ điểm điện tử và học bạ số ở tất cả các cấp "
         "học.",
         ["Các trường cập nhật điểm đúng thời hạn, bảo đảm cha mẹ học sinh tra cứu được kết quả học tập của "
          "con qua ứng dụng của trường.",
          "## Bảo vệ dữ liệu cá nhân",
          "Nhà trường chỉ cấp quyền xem học bạ cho đúng người có trách nhiệm; mọi thay đổi điểm sau khi khóa sổ "
          "phải có văn bản phê duyệt của hiệu trưởng."],
         [IT, POLICY], [T, PA], 49),
    Item("Tập huấn kỹ năng số cho 1.500 giáo viên tiểu học",
         "Các lớp tập huấn trực tuyến giúp giáo viên tiểu học sử dụng thành thạo nền tảng học tập và công cụ "
         "soạn bài điện tử.",
         ["Chương trình được tổ chức thành bốn đợt, mỗi đợt gồm các buổi học trực tuyến và bài thực hành nộp "
          "qua nền tảng của ngành.",
          "Sau tập huấn, mỗi giáo viên xây dựng ít nhất một bài giảng điện tử để chia sẻ trong tổ chuyên môn."],
         [IT], [T], 17),
    Item("Công bố lịch kỳ thi tốt nghiệp THPT và các mốc đăng ký dự thi",
         "Thí sinh đăng ký dự thi trực tuyến theo hướng dẫn của Bộ GD&ĐT; các trường THPT hỗ trợ học sinh lớp "
         "12 hoàn thành đăng ký đúng hạn.",
         ["Sở GD&ĐT thông báo kế hoạch tổ chức kỳ thi tốt nghiệp THPT trên địa bàn tỉnh, trong đó nêu rõ các "
          "mốc đăng ký dự thi, ôn tập và tổ chức thi.",
          "Giáo viên chủ nhiệm lớp 12 có trách nhiệm hướng dẫn học sinh kiểm tra kỹ thông tin cá nhân và môn "
          "thi lựa chọn trước khi xác nhận.",
          "Thí sinh tự do đăng ký tại các điểm tiếp nhận do Sở quy định."],
         [EXAMS, POLICY], [P, PA, PU], 40, featured=True),
    Item("Ôn tập cho kỳ thi tốt nghiệp THPT: các trường xây dựng kế hoạch theo từng nhóm học sinh",
         "Sở GD&ĐT đề nghị các trường THPT phân loại học sinh để ôn tập phù hợp, tránh dạy thêm tràn lan và "
         "bảo đảm sức khỏe cho học sinh.",
         ["Các trường xây dựng kế hoạch ôn tập theo nhóm năng lực, ưu tiên củng cố kiến thức nền tảng cho "
          "học sinh còn gặp khó khăn.",
          "Việc ôn tập phải thực hiện theo quy định về dạy thêm, học thêm; nhà trường không thu các khoản "
          "ngoài quy định."],
         [EXAMS], [T, P, PA], 12),
    Item("Kết quả đánh giá chất lượng giáo dục học kỳ I có nhiều chuyển biến",
         "Tỷ lệ học sinh đạt mức tốt và khá ở các môn học tăng so với cùng kỳ; Sở yêu cầu các trường phân tích "
         "kết quả để điều chỉnh kế hoạch dạy học.",
         ["Kết quả kiểm tra định kỳ được tổng hợp trên hệ thống quản lý của ngành, cho phép so sánh giữa các "
          "trường và các năm.",
          "Phòng Quản lý chất lượng lưu ý các trường có kết quả thấp ở môn Toán và Tiếng Anh cần có giải pháp "
          "hỗ trợ cụ thể."],
         [EXAMS, SOLUTIONS], [T, PA], 7),
    Item("Cuộc thi Khoa học kỹ thuật cấp tỉnh thu hút gần 200 dự án",
         "Học sinh trung học trong tỉnh tham gia với các dự án thuộc nhiều lĩnh vực, từ môi trường, nông nghiệp "
         "đến phần mềm hệ thống.",
         ["Ban giám khảo đánh giá cao tính ứng dụng của nhiều dự án gắn với thực tiễn địa phương, như xử lý "
          "rác thải sinh hoạt hay theo dõi độ ẩm đất trồng.",
          "Các dự án đạt giải cao sẽ được bồi dưỡng thêm để tham dự cuộc thi cấp quốc gia."],
         [EXAMS, DIGITAL], [P, PU], 34),
    Item("Hoàn thành lựa chọn sách giáo khoa theo Chương trình GDPT 2018",
         "Các trường hoàn thành việc lựa chọn sách giáo khoa công khai, minh bạch, có sự tham gia của giáo viên "
         "và cha mẹ học sinh.",
         ["Hội đồng lựa chọn sách giáo khoa của mỗi trường gồm đại diện ban giám hiệu, tổ trưởng chuyên môn, "
          "giáo viên và đại diện cha mẹ học sinh.",
          "Danh mục sách giáo khoa đã chọn được niêm yết tại trường và đăng trên trang thông tin của đơn vị."],
         [CURRICULUM, POLICY], [T, PA], 55),
    Item("Giáo dục địa phương tỉnh Bình Sơn: tài liệu mới cho học sinh lớp 6 đến lớp 9",
         "Bộ tài liệu giáo dục địa phương giới thiệu lịch sử, văn hóa, nghề truyền thống và môi trường của tỉnh.",
         ["Tài liệu được biên soạn theo yêu cầu của Chương trình GDPT 2018, dành 35 tiết mỗi năm học.",
          "Giáo viên được khuyến khích tổ chức các tiết học tại di tích, làng nghề và bảo tàng địa phương."],
         [CURRICULUM, EXPERIENCE], [T, P], 27),
    Item("Dạy học môn Tiếng Anh theo chương trình mới: chú trọng kỹ năng nghe nói",
         "Sở GD&ĐT hướng dẫn đổi mới kiểm tra đánh giá môn Tiếng Anh, tăng tỷ lệ bài kiểm tra kỹ năng nghe và "
         "nói.",
         ["Các trường bố trí phòng học ngoại ngữ và tận dụng học liệu số để học sinh luyện nghe hằng ngày.",
          "Giáo viên Tiếng Anh được tham gia các khóa bồi dưỡng phương pháp giao tiếp do Sở tổ chức."],
         [CURRICULUM], [T, P], 10),
    Item("Tuyên dương nhà giáo tiêu biểu nhân kỷ niệm Ngày Nhà giáo Việt Nam",
         "Sở GD&ĐT tuyên dương các nhà giáo và cán bộ quản lý có nhiều đóng góp trong đổi mới sáng tạo và "
         "gắn bó với vùng khó khăn.",
         ["Các nhà giáo được tuyên dương đến từ mọi cấp học, trong đó có nhiều thầy cô công tác ở các điểm "
          "trường xa trung tâm.",
          "Nhiều thầy cô đã xây dựng câu lạc bộ đọc sách, lớp học bổ trợ miễn phí và các mô hình dạy học gắn "
          "với thực tiễn.",
          "Lãnh đạo Sở ghi nhận những đóng góp thầm lặng của đội ngũ và mong các thầy cô tiếp tục lan tỏa tinh "
          "thần đổi mới."],
         [EXEMPLARS], [T, PU], 2, featured=True),
    Item("Người thầy mười năm gắn bó với điểm trường vùng cao",
         "Câu chuyện về một thầy giáo tiểu học kiên trì vận động học sinh ra lớp và xây dựng tủ sách cho điểm "
         "trường.",
         ["Mỗi sáng, thầy đi bộ hơn một giờ đường núi để đến điểm trường, nơi có 18 học sinh của hai lớp ghép.",
          "Nhờ sự vận động của thầy, điểm trường đã có tủ sách, bếp ăn bán trú và không còn học sinh bỏ học."],
         [EXEMPLARS, CHARITY], [T, PU], 21),
    Item("Hoạt động trải nghiệm hướng nghiệp: học sinh tìm hiểu nghề tại doanh nghiệp địa phương",
         "Các trường THPT tổ chức cho học sinh lớp 11 và 12 tham quan, tìm hiểu nghề tại các doanh nghiệp và "
         "cơ sở sản xuất trong tỉnh.",
         ["Học sinh được quan sát quy trình sản xuất, trò chuyện với kỹ sư, công nhân và tìm hiểu yêu cầu của "
          "từng vị trí việc làm.",
          "Sau chuyến đi, học sinh viết thu hoạch và trao đổi với giáo viên chủ nhiệm về định hướng nghề "
          "nghiệp của bản thân."],
         [EXPERIENCE], [P, PA], 37),
    Item("Tháng an toàn giao thông: học sinh cam kết đội mũ bảo hiểm",
         "Các trường trong tỉnh tổ chức tuyên truyền an toàn giao thông, hướng dẫn học sinh kỹ năng tham gia "
         "giao thông an toàn.",
         ["Hoạt động gồm các buổi chào cờ chuyên đề, thi vẽ tranh và tiểu phẩm về an toàn giao thông.",
          "Nhà trường phối hợp với cha mẹ học sinh nhắc nhở con em đội mũ bảo hiểm đạt chuẩn khi đi xe máy, "
          "xe đạp điện."],
         [EXPERIENCE], [P, PA], 14),
    Item("Chương trình “Áo ấm đến trường” trao 3.000 áo ấm cho học sinh vùng khó khăn",
         "Với sự chung tay của các nhà hảo tâm và doanh nghiệp, chương trình đã đến với học sinh các xã vùng "
         "cao của tỉnh.",
         ["Chương trình do ngành Giáo dục phối hợp với Tỉnh đoàn và các tổ chức xã hội thực hiện.",
          "Mọi khoản đóng góp được công khai trên trang thông tin của Sở và báo cáo đến từng nhà tài trợ."],
         [CHARITY], [PA, PU], 5),
    Item("Huy động nguồn lực xây dựng thư viện thân thiện cho trường tiểu học",
         "Nhiều trường tiểu học có thư viện thân thiện nhờ sự hỗ trợ của cha mẹ học sinh và các tổ chức xã hội.",
         ["Thư viện được thiết kế mở, có khu đọc sách trên thảm và góc sách theo chủ đề cho từng khối lớp.",
          "Việc huy động tài trợ thực hiện theo đúng quy định, trên tinh thần tự nguyện và công khai."],
         [CHARITY, EXPERIENCE], [PA, PU], 47),
    Item("Những điểm mới của quy định về dạy thêm, học thêm",
         "Sở GD&ĐT giải thích các điểm mới của quy định về dạy thêm, học thêm để giáo viên, nhà trường và cha "
         "mẹ học sinh thực hiện đúng.",
         ["## Những trường hợp không được dạy thêm",
          "Giáo viên không được dạy thêm có thu tiền đối với học sinh mà mình đang dạy chính khóa; nhà trường "
          "không tổ chức dạy thêm đối với học sinh tiểu học, trừ các trường hợp quy định.",
          "## Công khai và tự nguyện",
          "Việc dạy thêm ngoài nhà trường phải được đăng ký, công khai thời gian, địa điểm, môn học và mức thu; "
          "học sinh tham gia trên tinh thần tự nguyện."],
         [POLICY], [T, PA, PU], 29, featured=True),
    Item("Hỏi – đáp về chính sách miễn, hỗ trợ học phí năm học mới",
         "Sở GD&ĐT tổng hợp các câu hỏi thường gặp của cha mẹ học sinh về đối tượng, hồ sơ và thời gian được "
         "miễn, hỗ trợ học phí.",
         ["Cha mẹ học sinh nộp hồ sơ tại trường nơi con đang học; nhà trường có trách nhiệm hướng dẫn và tiếp "
          "nhận.",
          "Các trường hợp vướng mắc được giải đáp qua đường dây nóng của Sở và trang thông tin này."],
         [POLICY], [PA, PU], 19),
    Item("Sở GD&ĐT làm việc với các xã, phường về quản lý trường mầm non, tiểu học và THCS",
         "Từ ngày 1/7/2025, các xã, phường quản lý trường mầm non, tiểu học và THCS; Sở tiếp tục hướng dẫn "
         "chuyên môn.",
         ["Buổi làm việc thống nhất cách phối hợp giữa Sở và Ủy ban nhân dân các xã, phường trong tuyển sinh, "
          "bố trí giáo viên và bảo đảm cơ sở vật chất.",
          "Các xã, phường cử cán bộ phụ trách giáo dục làm đầu mối liên hệ với Sở."],
         [POLICY, SOLUTIONS], [T, PU], 43),
    Item("Kỳ thi tốt nghiệp THPT: những lưu ý về hồ sơ của thí sinh tự do",
         "Thí sinh tự do cần chuẩn bị đủ giấy tờ chứng minh đủ điều kiện dự thi và đăng ký đúng thời hạn.",
         ["Thí sinh tự do đăng ký tại các điểm tiếp nhận do Sở quy định và nhận giấy báo dự thi tại nơi đăng ký.",
          "Sở khuyến nghị thí sinh liên hệ sớm với điểm tiếp nhận để được hướng dẫn, tránh dồn vào những ngày "
          "cuối."],
         [EXAMS], [P, PU], 3),
    Item("Chuyển đổi số trong quản lý trường học: giảm giấy tờ cho giáo viên",
         "Các phần mềm quản lý dùng chung giúp giáo viên bớt sổ sách giấy, dành nhiều thời gian hơn cho chuyên "
         "môn.",
         ["Kế hoạch bài dạy, sổ điểm và hồ sơ tổ chuyên môn được lưu trữ điện tử, có chữ ký số khi cần.",
          "Sở sẽ rà soát các loại hồ sơ, bỏ bớt những biểu mẫu trùng lặp."],
         [IT, SOLUTIONS], [T], 1),
    # Waiting in the department's queue, changes requested, scheduled.
    Item("Học sinh tham gia ngày hội STEM toàn tỉnh",
         "Ngày hội STEM là dịp để học sinh giới thiệu sản phẩm sáng tạo và trải nghiệm các thí nghiệm khoa học.",
         ["Các gian trưng bày của trường có mô hình robot, hệ thống tưới tự động và trò chơi khoa học.",
          "Ngày hội dự kiến đón hàng nghìn học sinh và cha mẹ học sinh tham quan."],
         [EXPERIENCE, DIGITAL], [P, PA], outcome=S.IN_REVIEW),
    Item("Kế hoạch tuyển sinh lớp 10 năm học mới",
         "Sở GD&ĐT dự kiến phương thức tuyển sinh lớp 10 công lập, chỉ tiêu và lịch thi để lấy ý kiến các trường.",
         ["Dự thảo kế hoạch đang được gửi các trường THPT góp ý trước khi trình Ủy ban nhân dân tỉnh.",
          "Sau khi kế hoạch được phê duyệt, Sở sẽ công bố chính thức trên trang thông tin này."],
         [EXAMS, POLICY], [P, PA], outcome=S.IN_REVIEW),
    Item("Phong trào đọc sách trong trường học",
         "Các trường hưởng ứng phong trào xây dựng văn hóa đọc với nhiều hình thức sáng tạo.",
         ["Phong trào được nhiều trường hưởng ứng."],
         [EXPERIENCE], [P], outcome=S.CHANGES_REQUESTED,
         note="Bài còn ngắn: bổ sung số liệu và một vài hoạt động cụ thể của các trường, rồi gửi duyệt lại."),
    Item("Thông báo lịch tiếp công dân của lãnh đạo Sở trong tháng",
         "Lãnh đạo Sở GD&ĐT tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở Sở.",
         ["Công dân có kiến nghị, phản ánh về lĩnh vực giáo dục đăng ký trước qua Văn phòng Sở.",
          "Lịch tiếp có thể thay đổi khi lãnh đạo Sở có nhiệm vụ đột xuất; Văn phòng Sở sẽ thông báo lại."],
         [POLICY], [PU], outcome=S.SCHEDULED),
]


@dataclass(frozen=True)
class SchoolItem(Item):
    level: str = ""  # which kind of school: "thcs" (the demo sign-in school), "thpt", "chuyen", "th", "mn"
    teacher_drafts: bool = False
    propose: bool = False


SCHOOL_STORIES: list[SchoolItem] = [
    SchoolItem("{school} tổ chức ngày hội đọc sách",
               "Ngày hội đọc sách với gian trưng bày, thi kể chuyện và trao đổi sách cũ đã thu hút đông đảo học "
               "sinh tham gia.",
               ["Mỗi lớp chuẩn bị một gian sách theo chủ đề, giới thiệu những cuốn sách yêu thích của lớp.",
                "Học sinh mang sách cũ đến trao đổi; số sách còn lại được tặng cho thư viện một điểm trường khó "
                "khăn.",
                "Nhà trường sẽ duy trì giờ đọc sách 15 phút đầu buổi học mỗi thứ Sáu."],
               [EXPERIENCE, CHARITY], [P, PA], 20, level="thcs", teacher_drafts=True, propose=True),
    SchoolItem("{school} sinh hoạt chuyên môn theo nghiên cứu bài học",
               "Tổ Khoa học tự nhiên dự giờ, phân tích hoạt động học của học sinh thay vì chấm điểm giờ dạy.",
               ["Giáo viên cùng thiết kế bài học, một người dạy minh họa, cả tổ quan sát học sinh học như thế nào.",
                "Sau buổi dự giờ, tổ thống nhất điều chỉnh để bài học phù hợp hơn với học sinh của trường."],
               [SOLUTIONS, CURRICULUM], [T], 33, level="thcs"),
    SchoolItem("{school} họp cha mẹ học sinh đầu năm: công khai các khoản thu",
               "Nhà trường công khai các khoản thu theo quy định và lắng nghe ý kiến của cha mẹ học sinh.",
               ["Ban giám hiệu báo cáo kế hoạch năm học và trả lời các câu hỏi của cha mẹ học sinh.",
                "Các khoản thu được niêm yết tại bảng tin của trường và gửi tới từng gia đình."],
               [POLICY], [PA], 50, level="thcs"),
    SchoolItem("Học sinh {school} đạt giải cuộc thi Khoa học kỹ thuật cấp tỉnh",
               "Dự án máy lọc nước mini dùng vật liệu địa phương của nhóm học sinh lớp 11 được ban giám khảo đánh "
               "giá cao.",
               ["Nhóm học sinh thực hiện dự án trong bốn tháng dưới sự hướng dẫn của giáo viên môn Hóa học.",
                "Sản phẩm dùng cát, sỏi và than hoạt tính dễ tìm, phù hợp với các gia đình ở vùng nông thôn."],
               [EXAMS, DIGITAL], [P, PA, PU], 30, level="thpt", teacher_drafts=True, featured=True),
    SchoolItem("{school} chuẩn bị cho kỳ thi tốt nghiệp THPT",
               "Nhà trường tổ chức thi thử, tư vấn chọn môn và hỗ trợ học sinh lớp 12 đăng ký dự thi.",
               ["Kết quả thi thử được giáo viên phân tích để giúp từng học sinh ôn tập đúng trọng tâm.",
                "Nhà trường phối hợp với cha mẹ học sinh bảo đảm sức khỏe và tâm lý cho học sinh trước kỳ thi."],
               [EXAMS], [P, PA], 9, level="thpt"),
    SchoolItem("{school} ra mắt câu lạc bộ lập trình",
               "Câu lạc bộ sinh hoạt hằng tuần, giúp học sinh làm quen với lập trình và tham gia các cuộc thi tin học.",
               ["Học sinh các khối được đăng ký tự nguyện; giáo viên Tin học và cựu học sinh hỗ trợ hướng dẫn.",
                "Sản phẩm đầu tiên của câu lạc bộ là trang tra cứu thời khóa biểu cho học sinh của trường."],
               [IT, EXPERIENCE], [P], 26, level="chuyen"),
    SchoolItem("{school} trao học bổng cho học sinh vượt khó",
               "Quỹ học bổng do cựu học sinh và cha mẹ học sinh đóng góp đã trao cho 30 học sinh có hoàn cảnh khó "
               "khăn.",
               ["Danh sách học sinh nhận học bổng do giáo viên chủ nhiệm đề xuất và được hội đồng xét duyệt công "
                "khai.",
                "Mọi khoản đóng góp cho quỹ được báo cáo công khai với cha mẹ học sinh."],
               [CHARITY], [PA, PU], 15, level="chuyen"),
    SchoolItem("{school} tổ chức hội thi “Bé khỏe, bé ngoan”",
               "Các bé mẫu giáo tham gia trò chơi vận động, trình diễn trang phục và hát múa cùng cô giáo.",
               ["Hội thi giúp trẻ tự tin, mạnh dạn và hình thành thói quen vận động hằng ngày.",
                "Cha mẹ cùng tham gia các trò chơi, tạo không khí vui tươi, gắn kết giữa gia đình và nhà trường."],
               [EXPERIENCE], [PA], 11, level="mn", teacher_drafts=True),
    SchoolItem("{school} xây dựng vườn rau cho học sinh trải nghiệm",
               "Mỗi lớp chăm sóc một luống rau, học sinh được học về cây trồng và thói quen ăn uống lành mạnh.",
               ["Vườn rau được xây dựng nhờ sự hỗ trợ vật liệu của cha mẹ học sinh.",
                "Rau thu hoạch được đưa vào bữa ăn bán trú của nhà trường."],
               [EXPERIENCE, CHARITY], [P, PA], 38, level="th"),
    SchoolItem("{school} ứng dụng học liệu số trong giờ Tiếng Việt",
               "Giáo viên sử dụng video, trò chơi học tập và thư viện điện tử để học sinh hứng thú với môn học.",
               ["Học sinh lớp 3 luyện đọc với sách điện tử có âm thanh và làm bài tập tương tác trên lớp.",
                "Nhà trường hướng dẫn cha mẹ học sinh cách cùng con đọc sách điện tử ở nhà trong thời gian hợp lý."],
               [DIGITAL, CURRICULUM], [T, PA], 6, level="th"),
    SchoolItem("{school} tổ chức tiết học ngoài trời tại di tích địa phương",
               "Học sinh lớp 8 học Lịch sử và Địa lí ngay tại di tích, tìm hiểu về quê hương mình.",
               ["Các nhóm học sinh thực hiện phiếu học tập và thuyết trình ngắn tại điểm tham quan.",
                "Nhà trường dự kiến tổ chức thêm các tiết học ngoài trời ở học kỳ II."],
               [EXPERIENCE, CURRICULUM], [P, PA], outcome=S.IN_REVIEW, level="thcs", teacher_drafts=True),
]


def _holder(unit: Unit, role: str) -> Person | None:
    return (Person.objects.filter(memberships__unit=unit, memberships__role=role, memberships__until__isnull=True,
                                  is_active=True)
            .order_by("pk").first())


def _teacher(unit: Unit) -> Person | None:
    """A teacher with no other role at the school (as the demo sign-in teacher)."""
    other_roles = [r for r in Role.values if r != Role.STAFF]
    busy = Membership.objects.active().filter(unit=unit, role__in=other_roles).values("person_id")
    return (Person.objects.filter(memberships__unit=unit, memberships__role=Role.STAFF,
                                  memberships__until__isnull=True, title__startswith="Giáo viên", is_active=True)
            .exclude(pk__in=busy).order_by("pk").first())


@dataclass
class Desk:
    """Who writes, submits and approves at a unit."""
    unit: Unit
    officer: Person
    approvers: list[Person]
    writer: Person | None = None  # another member of staff (a department specialist, a school teacher)

    def approver_for(self, author: Person, n: int) -> Person:
        eligible = [p for p in self.approvers if p.pk != author.pk]
        return eligible[n % len(eligible)]


def _department_desk(department: Unit) -> Desk:
    people = province.sign_in_people()
    officer = people.get("dept_officer") or _holder(department, Role.COMMS_OFFICER)
    approvers = [p for p in (people.get("director") or _holder(department, Role.HEAD),
                             people.get("spokesperson") or _holder(department, Role.SPOKESPERSON)) if p]
    busy = Membership.objects.active().filter(unit=department).exclude(role=Role.STAFF).values("person_id")
    writer = (Person.objects.filter(memberships__unit=department, memberships__role=Role.STAFF,
                                    memberships__until__isnull=True, is_active=True)
              .exclude(pk__in=busy).order_by("pk").first())
    assert officer is not None and approvers  # noqa: S101 - the demo staffing always fills these roles
    return Desk(department, officer, approvers, writer)


def _school_desks(department: Unit) -> dict[str, Desk]:
    """A school of each kind the stories are written for, the sign-in school (THCS Nguyễn Du) first."""
    schools = Unit.objects.filter(department.subtree_q(), kind=Unit.Kind.SCHOOL, active=True).order_by("code")
    picks = {
        "thcs": schools.filter(name="Trường THCS Nguyễn Du").first(),
        "thpt": schools.filter(name__startswith="Trường THPT ").exclude(name__startswith="Trường THPT Chuyên").first(),
        "chuyen": schools.filter(name__startswith="Trường THPT Chuyên").first(),
        "th": schools.filter(name__startswith="Trường Tiểu học").first(),
        "mn": schools.filter(name__startswith="Trường Mầm non").first(),
    }
    desks = {}
    for key, school in picks.items():
        if school is None:
            continue
        head, officer = _holder(school, Role.HEAD), _holder(school, Role.COMMS_OFFICER)
        if head is None or officer is None or head.pk == officer.pk:
            continue
        desks[key] = Desk(school, officer, [head], _teacher(school))
    return desks


def _body(paragraphs: list[str]) -> str:
    return "".join(f"<h2>{p[3:]}</h2>" if p.startswith("## ") else f"<p>{p}</p>" for p in paragraphs)


def _write(item: Item, desk: Desk, *, author: Person, themes: list[Theme], title: str, n: int,
           submitter: Person | None = None) -> tuple[Story, Person]:
    """Draft the story and take it as far as `item.outcome`; returns the story and its approver."""
    story = services.create_story(actor=author, unit=desk.unit, title=title, summary=item.summary,
                                  body=_body(item.body), audiences=item.audiences,
                                  themes=[themes[i] for i in item.themes])
    approver = desk.approver_for(author, n)
    services.submit_story(actor=submitter or author, story=story)
    if item.outcome == S.IN_REVIEW:
        return story, approver
    if item.outcome == S.CHANGES_REQUESTED:
        services.request_changes(actor=approver, story=story, comment=item.note)
        return story, approver
    services.approve_story(actor=approver, story=story, acknowledge=True)
    if item.outcome == S.SCHEDULED:
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        when = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(7, 30)))
        services.schedule_story(actor=approver, story=story, scheduled_for=when)
        return story, approver
    services.publish_story(actor=approver, story=story)
    return story, approver


def _backdate(story: Story, days_ago: int, n: int) -> None:
    """Demo history: move a just-published story (and its workflow steps) back `days_ago` days."""
    # Office hours, local time: between 07:30 and 16:30 of that day.
    day = timezone.localdate() - dt.timedelta(days=max(1, days_ago))
    minutes = 7 * 60 + 30 + (n * 97) % (9 * 60)
    published = timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))
    Story.objects.filter(pk=story.pk).update(published_at=published,
                                             created_at=published - dt.timedelta(days=1, hours=2),
                                             updated_at=published)
    steps = list(StoryTransition.objects.filter(story=story).order_by("at", "pk").values_list("pk", flat=True))
    for i, pk in enumerate(reversed(steps)):
        StoryTransition.objects.filter(pk=pk).update(at=published - dt.timedelta(hours=3 * i))
    story.published_at = published


def is_loaded(department: Unit) -> bool:
    return Story.objects.filter(unit=department).exists()


def _summary(department: Unit, created: bool) -> LoadResult:
    stories = Story.objects.filter(department.subtree_q("unit__path"))
    by_state = {state: stories.filter(state=state).count() for state in S.values}
    return LoadResult(
        created=created, stories=stories.count(), published=by_state[S.PUBLISHED],
        school_published=stories.filter(state=S.PUBLISHED, unit__kind=Unit.Kind.SCHOOL).count(),
        in_review=by_state[S.IN_REVIEW], changes_requested=by_state[S.CHANGES_REQUESTED],
        scheduled=by_state[S.SCHEDULED], republished=stories.filter(source_story__isnull=False).count(),
        by_state={k: v for k, v in by_state.items() if v})


def load() -> LoadResult:
    """Write the demo newsroom unless the department already has stories (default database only: the
    newsroom services write there). Call after `province.load()`; a database that is not the demo
    province is left alone."""
    department = Unit.objects.filter(code=province.DEPARTMENT_CODE).first()
    # Only the demo's own province: a database whose department merely shares the code is left alone.
    if department is None or not Event.objects.filter(verb="demo.loaded", unit=department).exists():
        return LoadResult(created=False, demo=False)
    if is_loaded(department):
        return _summary(department, created=False)
    by_slug = {t.slug: t for t in Theme.objects.filter(unit=department)}
    themes = [by_slug.get(theme_slug(name)) for name in THEMES]
    if None in themes:  # the seeded themes were removed or renamed: nothing to file the stories under
        return LoadResult(created=False, demo=False)
    with transaction.atomic():
        _load(department, themes)
    from educomms.portal.cache import bump  # the queryset updates above send no signal

    bump()
    return _summary(department, created=True)


def _load(department: Unit, themes: list[Any]) -> None:
    desk = _department_desk(department)
    backdate: list[tuple[Story, int]] = []
    featured: list[int] = []
    for n, item in enumerate(DEPARTMENT_STORIES):
        author = desk.writer if desk.writer and n % 3 == 2 else desk.officer
        story, _approver = _write(item, desk, author=author, themes=themes, title=item.title, n=n)
        if item.outcome == S.PUBLISHED:
            backdate.append((story, item.days_ago))
        if item.featured:
            featured.append(story.pk)

    desks = _school_desks(department)
    for n, item in enumerate(SCHOOL_STORIES):
        school = desks.get(item.level)
        if school is None:
            continue
        title = item.title.format(school=school.unit.name)
        if item.teacher_drafts and school.writer is not None:
            story, approver = _write(item, school, author=school.writer, submitter=school.officer, themes=themes,
                                     title=title, n=n)
        else:
            story, approver = _write(item, school, author=school.officer, themes=themes, title=title, n=n)
        if item.outcome != S.PUBLISHED:
            continue
        backdate.append((story, item.days_ago))
        if item.featured:
            featured.append(story.pk)
        if item.propose:
            # The school proposes its story upward; the department's officer takes it, the director
            # approves and publishes the republication, attributed to the school.
            proposal = services.propose_story(actor=approver, story=story, to_unit=department,
                                              note=_("Đề nghị Sở đăng lại để nhân rộng mô hình."))
            copy = services.accept_proposal(actor=desk.officer, proposal=proposal)
            director = desk.approver_for(desk.officer, 0)
            services.approve_story(actor=director, story=copy, acknowledge=True)
            services.publish_story(actor=director, story=copy)
            backdate.append((copy, max(0, item.days_ago - 2)))
            featured.append(copy.pk)
            Proposal.objects.filter(pk=proposal.pk).update(
                created_at=timezone.now() - dt.timedelta(days=item.days_ago - 1),
                decided_at=timezone.now() - dt.timedelta(days=item.days_ago - 2))

    for n, (story, days_ago) in enumerate(backdate):
        _backdate(story, days_ago, n)
    Story.objects.filter(pk__in=featured).update(featured=True)
