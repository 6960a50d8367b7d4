import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from metrics.models import Metric, MetricValue, Outcome, ReportingPeriod, Target
from metrics.models.periods import quarter_dates
from tests.anchors.factories import CollaborativeFactory


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    collaborative = factory.SubFactory(CollaborativeFactory)
    name = factory.Sequence(lambda n: f"Outcome {n}")


class MetricFactory(DjangoModelFactory):
    class Meta:
        model = Metric
        skip_postgeneration_save = True

    collaborative = factory.SubFactory(CollaborativeFactory)
    outcome = factory.SubFactory(
        OutcomeFactory, collaborative=factory.SelfAttribute("..collaborative")
    )
    code = factory.Sequence(lambda n: f"M-{n:03d}")
    name = factory.Sequence(lambda n: f"Metric {n}")
    definition = "What counts, and what does not."
    unit = Metric.Unit.COUNT
    kind = Metric.Kind.AMOUNT
    over_time = Metric.OverTime.FLOW
    direction = Metric.Direction.HIGHER
    evidence_required = "A report from the finance system."

    class Params:
        ratio = factory.Trait(
            kind=Metric.Kind.RATIO,
            unit=Metric.Unit.PERCENT,
            numerator_label="Spend with local suppliers (£)",
            denominator_label="All spend (£)",
        )


def deadline_for(financial_year, quarter):
    return quarter_dates(financial_year, quarter)[1] + datetime.timedelta(days=30)


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    collaborative = factory.SubFactory(CollaborativeFactory)
    financial_year = 2025
    quarter = 1
    state = ReportingPeriod.State.OPEN
    deadline = factory.LazyAttribute(lambda o: deadline_for(o.financial_year, o.quarter))


class ValueFactory(DjangoModelFactory):
    class Meta:
        model = MetricValue

    metric = factory.SubFactory(MetricFactory)
    collaborative = factory.SelfAttribute("metric.collaborative")
    period = factory.SubFactory(
        PeriodFactory, collaborative=factory.SelfAttribute("..collaborative")
    )
    organisation = None
    value = factory.LazyAttribute(lambda o: None if o.metric.is_ratio else Decimal("10"))
    numerator = factory.LazyAttribute(lambda o: Decimal("1") if o.metric.is_ratio else None)
    denominator = factory.LazyAttribute(lambda o: Decimal("4") if o.metric.is_ratio else None)
    evidence_note = "Finance system extract."
    state = MetricValue.State.DRAFT


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    metric = factory.SubFactory(MetricFactory)
    collaborative = factory.SelfAttribute("metric.collaborative")
    financial_year = 2025
    organisation = None
    value = Decimal("100")
