"""Tests of cultureservice.plot (skipped where matplotlib is not installed)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from cultureservice import cli, planning
from cultureservice.errors import InvalidArgumentError, MissingDependencyError

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from cultureservice import plot


@pytest.fixture(scope="module")
def two_days():
    return planning.plan(planning.default_scenario(), start="2026-06-03", days=2)


def test_staffing_heatmap_has_a_row_per_queue_and_marks_gaps(two_days):
    ax = plot.staffing_heatmap(two_days)
    assert [t.get_text() for t in ax.get_yticklabels()] == [two_days.queue_label(q)
                                                            for q in range(len(two_days.queues))]
    meshes = ax.collections
    assert len(meshes) == 2  # the values and the red layer of uncovered cells
    values = np.asarray(meshes[0].get_array()).reshape(len(two_days.queues), -1)
    np.testing.assert_array_equal(values, two_days.agents)
    assert int(np.ma.count(meshes[1].get_array())) == int(two_days.uncovered.sum())
    assert "Europe/Warsaw" in ax.get_xlabel()


def test_heatmap_of_a_long_plan_is_drawn_in_blocks():
    p = planning.plan(planning.default_scenario(), start="2026-06-01", days=28, interval_s=900)
    ax = plot.staffing_heatmap(p, value="fte", time_zone="UTC")
    values = np.asarray(ax.collections[0].get_array()).reshape(len(p.queues), -1)
    assert values.shape[1] <= 2000
    assert values.max() == p.fte.max()
    assert "UTC" in ax.get_xlabel()


def test_coverage_timeline_rows_and_gaps(two_days):
    ax = plot.coverage_timeline(two_days)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:2] == ["Kraków (site), Europe/Warsaw", "Bengaluru (site), Asia/Kolkata"]
    assert labels[2].startswith("DE (market), Europe/Berlin")
    red = [c for c in ax.collections if tuple(np.round(c.get_facecolor()[0][:3], 3)) ==
           tuple(np.round(matplotlib.colors.to_rgb("tab:red"), 3))]
    assert red  # Corpus Christi (4 June): Kraków closed, the markets are not
    texts = {t.get_text() for t in ax.texts}
    assert "08–18" in texts  # Kraków's hours in its own local time


def test_save_plan_figure_and_the_cli_plot(tmp_path, two_days, capsys):
    target = tmp_path / "plan.png"
    plot.save_plan_figure(two_days, target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = tmp_path / "cli.png"
    assert cli.main(["plan", "--start", "2026-06-01", "--days", "1", "--interval", "60", "--plot", str(out)]) == 0
    assert out.exists() and "figure written to" in capsys.readouterr().out


def test_plot_errors(two_days, monkeypatch):
    with pytest.raises(InvalidArgumentError, match="value must be one of"):
        plot.staffing_heatmap(two_days, value="calls")
    with pytest.raises(InvalidArgumentError, match="plan must be a StaffingPlan"):
        plot.coverage_timeline("plan")
    with pytest.raises(InvalidArgumentError, match="time_zone must be an IANA"):
        plot.staffing_heatmap(two_days, time_zone="Warsaw")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match="matplotlib"):
        plot.plan_figure(two_days)
