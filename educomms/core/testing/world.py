"""The shared persona world of STYLE.md rule 7, built through the services like real data.

    department (Sở GD&ĐT tỉnh Bình Sơn)         director, spokesperson, comms officer
      ├── Văn phòng Sở (division)
      └── Xã An Phú (commune)
            ├── School A (Trường THCS An Phú)    principal, comms officer, teacher
            └── School B (Trường THCS Bình Minh) principal (the outsider)

A journalist is a press contact, not a user: the press module adds it. The anonymous visitor is
simply an unauthenticated client.
"""

from dataclasses import dataclass

from educomms.org import services
from educomms.org.models import Person, Unit
from educomms.org.roles import Role

PASSWORD = "Mat-khau-thu-nghiem-2026"  # noqa: S105  (test personas only)


@dataclass
class World:
    ministry: Unit
    department: Unit
    division: Unit
    commune: Unit
    school_a: Unit
    school_b: Unit
    director: Person
    spokesperson: Person
    dept_officer: Person
    principal_a: Person
    officer_a: Person
    teacher_a: Person
    principal_b: Person
    admin: Person
    password: str = PASSWORD


def build_world() -> World:
    admin = Person.objects.create_superuser("admin@educomms.test", PASSWORD, full_name="Quản Trị Hệ Thống")
    unit = services.create_unit
    ministry = unit(actor=admin, parent=None, kind=Unit.Kind.MINISTRY, name="Bộ Giáo dục và Đào tạo",
                    short_name="Bộ GD&ĐT", code="BGDDT")
    department = unit(actor=admin, parent=ministry, kind=Unit.Kind.DEPARTMENT,
                      name="Sở Giáo dục và Đào tạo tỉnh Bình Sơn", short_name="Sở GD&ĐT Bình Sơn", code="SGDBS",
                      email="vanphong@sgd.binhson.edu.vn", phone="02203888999", address="12 Lê Lợi, TP Bình Sơn")
    division = unit(actor=admin, parent=department, kind=Unit.Kind.DIVISION, name="Văn phòng Sở", code="SGDBS-VP")
    commune = unit(actor=admin, parent=department, kind=Unit.Kind.COMMUNE, name="Xã An Phú", code="XAP")
    school_a = unit(actor=admin, parent=commune, kind=Unit.Kind.SCHOOL, school_level=Unit.SchoolLevel.LOWER_SECONDARY,
                    name="Trường THCS An Phú", short_name="THCS An Phú", code="THCS-AP")
    school_b = unit(actor=admin, parent=commune, kind=Unit.Kind.SCHOOL, school_level=Unit.SchoolLevel.LOWER_SECONDARY,
                    name="Trường THCS Bình Minh", short_name="THCS Bình Minh", code="THCS-BM")

    def person(name: str, email: str, phone: str, where: Unit, role: str, title: str) -> Person:
        return services.create_person(actor=admin, full_name=name, email=email, phone=phone, password=PASSWORD,
                                      unit=where, role=role, title=title)

    return World(
        ministry=ministry, department=department, division=division, commune=commune,
        school_a=school_a, school_b=school_b, admin=admin,
        director=person("Nguyễn Văn Hùng", "giamdoc@sgd.test", "0912000001", department, Role.HEAD, "Giám đốc Sở"),
        spokesperson=person("Trần Thị Mai", "phatngon@sgd.test", "0912000002", department, Role.SPOKESPERSON,
                            "Phó Giám đốc Sở, người phát ngôn"),
        dept_officer=person("Lê Minh Tuấn", "truyenthong@sgd.test", "0912000003", department, Role.COMMS_OFFICER,
                            "Chuyên viên Văn phòng Sở"),
        principal_a=person("Phạm Thị Lan", "hieutruong@thcs-anphu.test", "0912000004", school_a, Role.HEAD,
                           "Hiệu trưởng"),
        officer_a=person("Hoàng Văn Nam", "truyenthong@thcs-anphu.test", "0912000005", school_a, Role.COMMS_OFFICER,
                         "Giáo viên phụ trách truyền thông"),
        teacher_a=person("Vũ Thị Hoa", "giaovien@thcs-anphu.test", "0912000006", school_a, Role.STAFF,
                         "Giáo viên Ngữ văn"),
        principal_b=person("Đặng Quốc Bảo", "hieutruong@thcs-binhminh.test", "0912000007", school_b, Role.HEAD,
                           "Hiệu trưởng"),
    )
