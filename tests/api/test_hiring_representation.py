"""The hiring list writes its figures directly (a page of four quarters has 204 of them): the
output is the same, byte for byte, as the serializer's declared fields would write it."""

from collections import Counter
from decimal import Decimal

from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from workforce.api import HiringFiguresSerializer
from workforce.models import DeprivationEdition, Route
from workforce.selectors.hiring import Figures, Share


def _as_fields_write_it(figures) -> bytes:
    return JSONRenderer().render(
        serializers.Serializer.to_representation(HiringFiguresSerializer(), figures)
    )


def test_direct_output_equals_the_declared_fields_output():
    cases = [
        Figures(),  # an anchor with no starters: no shares, no edition
        Figures(
            starters=7,
            resident=Share(5, 6),
            deprived=Share(2, 3),
            edition=DeprivationEdition(code="2019"),
            by_route=Counter({Route.DIRECT: 4, Route.APPRENTICESHIP: 3}),
        ),
        Figures(starters=3, resident=Share(1, 3), deprived=Share(0, 3), by_route=Counter()),
    ]
    for figures in cases:
        direct = JSONRenderer().render(HiringFiguresSerializer().to_representation(figures))
        assert direct == _as_fields_write_it(figures)
    assert Share(2, 3).value == Decimal("66.7")
    assert b'"value":"66.7"' in JSONRenderer().render(
        HiringFiguresSerializer().to_representation(cases[1])
    )
