"""The rich-text allow-list and the plain text used for search."""

from .. import html


def test_it_keeps_the_editors_formatting():
    body = ("<h2>Tiêu đề</h2><p><strong>Đậm</strong> <em>nghiêng</em> <u>gạch</u> <s>xóa</s><br></p>"
            "<ul><li>một</li></ul><ol><li>hai</li></ol><blockquote>trích</blockquote><hr>"
            "<table><thead><tr><th>Lớp</th></tr></thead><tbody><tr><td>6A</td></tr></tbody></table>")
    assert html.clean(body) == body


def test_links_get_rel_and_only_safe_schemes():
    cleaned = html.clean('<p><a href="https://moet.gov.vn" title="Bộ" target="_blank">Bộ</a>'
                         '<a href="javascript:alert(1)">x</a><a href="mailto:vp@sgd.test">thư</a></p>')
    assert '<a href="https://moet.gov.vn" title="Bộ" rel="noopener noreferrer">Bộ</a>' in cleaned
    assert "javascript" not in cleaned and 'href="mailto:vp@sgd.test"' in cleaned and "target" not in cleaned


def test_images_only_from_our_media():
    cleaned = html.clean('<figure><img src="/media/stories/2026/09/a-960.webp" alt="Sân trường" width="960" '
                         'onerror="x()"><figcaption>Chú thích</figcaption></figure>'
                         '<img src="https://tracker.example/p.gif" alt="x"><img src="/media/../etc/passwd">')
    assert '<img src="/media/stories/2026/09/a-960.webp" alt="Sân trường" width="960">' in cleaned
    assert "tracker" not in cleaned and "passwd" not in cleaned and "onerror" not in cleaned
    assert "<figcaption>Chú thích</figcaption>" in cleaned


def test_scripts_styles_and_unknown_tags_go():
    cleaned = html.clean('<script>alert(1)</script><style>p{}</style><div class="x" style="color:red">'
                         'Nội dung<iframe src="https://x"></iframe></div><!-- ghi chú -->')
    assert cleaned == "Nội dung"


def test_text_and_search_text():
    body = "<h2>Kỳ thi</h2><p>Tốt&nbsp;nghiệp <strong>THPT</strong></p><ul><li>Đợt 1</li></ul>"
    assert html.text(body) == "Kỳ thi Tốt nghiệp THPT Đợt 1"
    assert html.search_text(title="Thông báo", summary="", body=body) == "thong bao ky thi tot nghiep thpt dot 1"
