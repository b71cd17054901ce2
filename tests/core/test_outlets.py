from reader.core.outlets import display_outlet, outlet_name


def test_known_outlets_are_shown_by_name_whatever_form_the_field_takes():
    for stored in ("okaz", "OKAZ", "okaz.com.sa", "https://www.okaz.com.sa/"):
        assert display_outlet(stored, arabic=True) == "عكاظ", stored
        assert display_outlet(stored, arabic=False) == "Okaz", stored
    assert display_outlet("reuters.com", arabic=True) == "رويترز"  # the domain's stem


def test_an_unknown_outlet_is_shown_as_stored():
    assert outlet_name("") is None and display_outlet("", arabic=True) == ""
    assert display_outlet("نشرة الحي", arabic=False) == "نشرة الحي"
    assert display_outlet("news.example.org", arabic=True) == "news.example.org"


def test_the_agencies_are_told_apart_from_the_papers_and_channels():
    from reader.core.outlets import outlet_names

    every, papers = outlet_names(), outlet_names(agencies=False)
    assert {"الرياض", "الشرق الأوسط", "عكاظ"} <= papers < every
    assert {"رويترز", "واس", "وام"} <= every - papers


def test_each_agencys_other_names_are_its_own():
    # one name never stands for two agencies: the linker reads every name as one agency's
    from reader.core.linking.keys import mention_key
    from reader.core.model import Label
    from reader.core.outlets import agencies

    seen: dict[str, str] = {}
    for agency in agencies():
        assert agency.kind == "agency" and agency.arabic
        for name in {agency.arabic, *(n.lstrip("~") for n in agency.other)}:
            key = mention_key(name, label=Label.ORG)
            assert seen.setdefault(key, agency.latin) == agency.latin, (name, seen[key], agency.latin)
    assert any("وكالة الأنباء السعودية" in a.other for a in agencies() if a.arabic == "واس")
