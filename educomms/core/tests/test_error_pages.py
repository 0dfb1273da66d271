def test_it_shows_the_vietnamese_404_page_to_a_signed_in_person_on_an_unknown_address(world, login):
    response = login(world.teacher_a).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()
