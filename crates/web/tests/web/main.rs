//! Tendo's web app and API, tested over HTTP against a real server and a real database.

#![expect(
    clippy::unwrap_used,
    reason = "a failed request should fail the test loudly"
)]

mod accounts;
mod accounts_attack;
mod accounts_enumeration;
mod audit_page;
mod authz_matrix;
mod booking;
mod booking_calendar;
mod booking_cancel;
mod booking_care;
mod booking_closures;
mod booking_concurrency;
mod booking_hours;
mod booking_mail;
mod booking_once;
mod booking_place;
mod booking_red_flag;
mod booking_slots_kept;
mod booking_support;
mod booking_types;
mod booking_waiting;
mod booking_week;
mod browser;
mod browser_accessibility;
mod browser_accounts;
mod browser_api_docs;
mod browser_booking;
mod browser_calendar;
mod browser_clinic;
mod browser_offline;
mod browser_patient;
mod browser_video_servers;
mod browser_workout;
mod clinic;
mod clinic_caseload_kept;
mod clinic_notes;
mod clinic_support;
mod fhir;
mod forwarded_for;
mod harness;
mod offline;
mod openapi;
mod password_rule;
mod patient_access_audit;
mod patient_api;
mod patient_demonstrations;
mod patient_equipment;
mod patient_export;
mod patient_forms;
mod patient_gun;
mod patient_journey;
mod patient_location;
mod patient_logs_csv;
mod patient_plain_words;
mod patient_plan_change;
mod patient_progress_etag;
mod patient_progress_load;
mod patient_report;
mod patient_safety;
mod patient_support;
mod patient_visa;
mod reminders;
mod security_edge;
mod security_fuzz;
mod security_scripts;
mod security_uploads;
mod video_socket;
mod video_turn;
mod workout;
