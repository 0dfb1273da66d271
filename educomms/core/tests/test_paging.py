"""core.paging.window: a page of a list without counting the list."""

from educomms.core.paging import MAX_PAGE, window


def test_a_window_knows_its_neighbours_from_one_row_more():
    rows = list(range(1, 61))
    first = window(rows, "1", 25)
    assert first.object_list == rows[:25] and first.has_next and not first.has_previous
    assert (first.start_index, first.end_index, first.next_page_number) == (1, 25, 2)
    last = window(rows, 3, 25)
    assert last.object_list == rows[50:] and not last.has_next and last.has_previous
    assert (last.start_index, last.end_index, last.previous_page_number) == (51, 60, 2)
    exact = window(rows[:50], 2, 25)
    assert not exact.has_next and exact.end_index == 50


def test_anything_but_a_page_number_is_the_first_page_and_deep_pages_stop():
    rows = list(range(10))
    for number in (None, "", "abc", "-3", "0"):
        assert window(rows, number, 4).number == 1
    beyond = window(rows, "9", 4)
    assert beyond.object_list == [] and beyond.has_previous and not beyond.has_next and beyond.start_index == 0
    assert window(rows, str(MAX_PAGE * 10), 4).number == MAX_PAGE
    assert not window([], 1, 4).has_other_pages
