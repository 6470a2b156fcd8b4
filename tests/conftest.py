"""Fixtures: sample sites copied into tmp_path and built through the real command line."""

from __future__ import annotations

import os

import pytest
from built import BuiltSite
from helpers import BASE_URL, BEFORE_THE_CONFERENCE, copy_repository_site, copy_site, run_cli, with_conference_programme
from hypothesis import settings

# In CI (.ci/run sets SITEGEN_REQUIRE_CHECKERS) the property tests try the same examples on every run, and keep
# no database between runs: a failure there is reproducible, and a pass means the same as the last one.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") or os.environ.get("SITEGEN_REQUIRE_CHECKERS"):
    settings.load_profile("ci")


@pytest.fixture
def sample(tmp_path):
    """copy a sample site: sample("multilingual") or sample("multilingual", overlay="invalid/x")."""
    return lambda name, overlay=None: copy_site(name, tmp_path, overlay)


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory) -> BuiltSite:
    """The multilingual sample, built once for a module's tests."""
    root = tmp_path_factory.mktemp("multilingual")
    site = copy_site("multilingual", root)
    result = run_cli("build", "--site", site, "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", base_url="https://example.org/conference/")


@pytest.fixture(scope="session")
def conference_site(tmp_path_factory) -> BuiltSite:
    """The real conference site, built once for the whole session."""
    root = tmp_path_factory.mktemp("conference")
    site = copy_repository_site(root, booklet=True)
    result = run_cli("build", "--site", site, "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", base_url=BASE_URL)


@pytest.fixture(scope="session")
def conference_site_before(tmp_path_factory) -> BuiltSite:
    """The real conference site as built a month before its days: the phase that describes the event to machines."""
    root = tmp_path_factory.mktemp("conference-before")
    site = copy_repository_site(root, booklet=True)
    result = run_cli("build", "--site", site, "--out", root / "out", today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", base_url=BASE_URL)


@pytest.fixture(scope="session")
def conference_programme_site(tmp_path_factory) -> BuiltSite:
    """The conference site with a test's programme in three versions and its interpretation
    (tests/sites/conference-programme/data/), built once, a month before the conference's days."""
    root = tmp_path_factory.mktemp("conference-programme-versions")
    folder = with_conference_programme(copy_repository_site(root))
    result = run_cli("build", "--strict", "--site", folder, "--out", root / "out", today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", BASE_URL)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, launched once for the session (skipped where it is not installed)."""
    from browsing import LAUNCH_ARGS, require_chromium

    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(conference_site):
    """The conference site over HTTP on loopback."""
    from browsing import serve

    with serve(conference_site.root) as url:
        yield url


# Markers for the quick target (make test-fast): a test is "browser" when it drives chromium and "servers" when it starts
# real nginx, Apache or Caddy, as its fixtures say; "slow" is set by hand on tests that make whole builds or more.
SERVER_MODULES = {"test_hosting"}
# Whole modules that start real processes and rebuild: a preview server, a fresh virtualenv, interrupted 1,200-page builds.
SLOW_MODULES = {"test_preview", "test_installed", "test_interrupts"}
# Tests of a second or more on two cores (pytest --durations, 2026-12-05): each makes a build of its own, or several.
SLOW_TESTS = {
    "test_accessibility.py::test_the_built_html_is_valid_for_the_nu_html_checker",
    "test_check.py::test_check_names_each_broken_link_anchor_and_image",
    "test_check.py::test_check_passes_on_the_conference_site",
    "test_check.py::test_check_reports_pages_without_description_and_a_low_translation_bar",
    "test_conference_time.py::test_a_build_date_that_is_not_a_time_is_one_clear_error_and_the_site_stays",
    "test_conference_time.py::test_an_unchanged_site_is_built_again_when_its_phase_changes",
    "test_conference_time.py::test_every_page_says_the_phase_of_the_conference",
    "test_conference_time.py::test_the_same_input_and_build_date_give_byte_identical_sites",
    "test_documents.py::test_after_an_edit_an_incremental_build_renders_the_documents_pages_and_equals_a_clean_one",
    "test_documents.py::test_the_documents_pages_are_valid_html",
    "test_fallback_marks.py::test_an_incremental_build_equals_a_clean_one_as_arabic_is_translated",
    "test_fallback_marks.py::test_check_passes_the_arabic_site_and_finds_an_unmarked_fallback",
    "test_fallback_marks.py::test_no_english_text_on_an_arabic_page_is_left_unmarked",
    "test_gettext_tools.py::test_a_catalog_saved_by_a_translators_tool_passes_the_check_and_is_left_as_it_was",
    "test_gettext_tools.py::test_catalogs_check_lists_what_is_stale_and_changes_nothing",
    "test_images.py::test_a_build_in_several_processes_makes_the_same_bytes_as_one",
    "test_images.py::test_a_file_neither_beside_the_translation_nor_the_original_is_named",
    "test_images.py::test_a_gallery_shows_its_photographs_in_the_page_s_language",
    "test_images.py::test_a_link_to_a_photograph_leads_to_its_largest_copy",
    "test_images.py::test_a_page_with_photographs_is_valid_for_the_nu_html_checker",
    "test_images.py::test_a_page_with_photographs_stays_within_the_weight_budget",
    "test_images.py::test_a_photograph_that_cannot_be_read_is_named",
    "test_images.py::test_a_photograph_without_alt_text_stops_the_build_at_its_line",
    "test_images.py::test_a_translation_has_its_own_alt_text_and_the_original_s_photographs_or_its_own",
    "test_images.py::test_an_edited_gallery_builds_as_a_clean_build_does",
    "test_images.py::test_an_unchanged_photograph_is_not_made_again",
    "test_images.py::test_replacing_a_photograph_renders_its_pages_again_and_equals_a_clean_build",
    "test_images.py::test_two_cold_builds_and_a_build_from_the_cache_are_byte_identical",
    "test_incremental.py::test_a_damaged_markdown_cache_is_ignored_and_replaced",
    "test_incremental.py::test_a_folder_where_a_file_goes_in_it_means_starting_afresh",
    "test_incremental.py::test_a_half_made_file_left_in_the_standby_folder_never_touches_the_live_site",
    "test_incremental.py::test_a_section_template_showing_every_field_of_its_items_changes_after_a_text_edit_as_a_clean_build_does",
    "test_incremental.py::test_an_edit_of_a_text_signs_only_the_pages_that_can_show_it",
    "test_incremental.py::test_an_incremental_build_equals_a_clean_build",
    "test_incremental.py::test_changing_a_catalog_rewrites_that_language_only",
    "test_incremental.py::test_clean_renders_everything_but_writes_only_what_differs",
    "test_incremental.py::test_files_a_change_does_not_touch_are_the_same_files_on_disk",
    "test_incremental.py::test_one_change_after_another_each_build_equals_a_clean_build",
    "test_incremental.py::test_the_cache_is_safe_to_delete",
    "test_incremental.py::test_the_folder_the_next_site_is_put_together_in_is_checked_not_trusted",
    "test_incremental.py::test_touching_a_file_without_changing_it_writes_nothing",
    "test_injection.py::test_no_payload_becomes_code_anywhere",
    "test_new_site.py::test_a_build_names_the_starter_examples_left_once_until_all_are_replaced",
    "test_new_site.py::test_a_new_multilingual_site_builds_at_once_and_passes_check",
    "test_new_site.py::test_a_new_site_builds_at_once_and_passes_check",
    "test_new_site.py::test_a_right_to_left_language_gets_its_direction_and_plural_rule",
    "test_outputs_know_what_they_read.py::test_an_edit_to_the_document_library_renders_only_the_documents_pages",
    "test_outputs_know_what_they_read.py::test_an_edit_to_the_participation_data_renders_only_the_pages_that_show_it",
    "test_paths.py::test_every_build_takes_relative_and_absolute_folders_from_another_folder",
    "test_paths.py::test_every_command_takes_a_relative_site_from_another_folder",
    "test_programme.py::test_the_programme_is_valid_html",
    "test_robustness.py::test_killing_a_build_at_any_moment_leaves_the_old_site_or_the_new_one",
    "test_robustness.py::test_the_whole_build_either_succeeds_or_fails_cleanly",
    "test_robustness.py::test_two_builds_at_once_do_not_corrupt_each_other",
    "test_search.py::test_an_incremental_build_indexes_only_the_changed_language_and_equals_a_clean_build",
    "test_search.py::test_the_search_pages_are_valid_html",
    "test_segments.py::test_a_partial_page_is_valid_html",
    "test_segments.py::test_a_translators_round_trip",
    "test_segments.py::test_an_incremental_build_after_editing_a_segment_catalog_equals_a_clean_one",
    "test_segments.py::test_any_page_put_together_from_its_own_segments_renders_as_itself",
    "test_segments.py::test_the_built_in_status_page_counts_a_pages_fuzzy_segments",
    "test_segments.py::test_the_real_sites_partial_page_and_status_page",
    "test_speed_paths.py::test_pool_and_cache_give_byte_identical_sites",
    "test_template_mistakes.py::test_a_mistake_in_an_included_template_is_one_line_at_its_own_line",
    "test_template_mistakes.py::test_a_mistake_in_the_conference_site_s_base_template_is_one_line_with_every_page",
    "test_translation.py::test_a_deleted_translation_is_built_as_a_marked_fallback",
    "test_translation.py::test_a_language_listed_by_hand_is_completed_by_the_command_the_build_names",
    "test_translation.py::test_a_site_named_by_a_relative_path_builds",
    "test_translation.py::test_a_stale_catalog_warns_and_fails_under_strict",
    "test_translation.py::test_changing_a_source_page_makes_its_translations_outdated_until_marked",
    "test_translation.py::test_every_text_a_translator_translates_makes_the_translations_outdated_when_it_changes",
    "test_translation.py::test_new_language_gives_a_full_site_of_marked_fallbacks",
    "test_translation.py::test_status_diff_shows_how_the_source_changed_since_the_translation_was_made",
    "test_translation.py::test_the_repository_site_builds_strictly",
    "test_translation.py::test_the_status_page_writes_numbers_as_its_language_does_and_counts_fuzzy_strings",
    "test_visitors.py::test_offline_copy_links_name_index_files_and_is_packed_as_a_zip",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        module = item.module.__name__ if item.module is not None else ""
        if module in SERVER_MODULES:
            item.add_marker(pytest.mark.servers)
        if module in SLOW_MODULES or f"{module}.py::{getattr(item, 'originalname', item.name)}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
