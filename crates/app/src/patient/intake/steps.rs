//! What each intake step accepts, as typed, and how it is read into the intake document.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tendo_core::condition::{CONDITION_EXPECTED, Condition, Side};
use tendo_core::massage_gun::{Device, Site, SkinIssue, SystemicCondition};
use tendo_core::programme::EquipmentSet;
use tendo_core::red_flags::{self, RedFlag};

use super::answers::{
    Baseline, GunAnswers, ILLNESSES, IntakeAnswers, Onset, SKIN_KINDS, TrainingChange, flag_id,
    illness_id, side_id, skin_kind_id,
};
use crate::patient::input::{Reader, VisaInput};

/// The condition step (A1): any of the words people use is accepted. For the Achilles it also
/// asks where along the tendon it hurts (`P-INS`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConditionInput {
    /// The condition in the patient's words, such as "Achilles tendinitis".
    pub condition: String,
    /// `left`, `right` or `both`.
    pub side: String,
    /// Where along the Achilles it hurts: `midportion`, `insertional` or `not-sure`; empty
    /// when the words already say, or for the hamstring.
    pub location: String,
}

/// The answers to "where along the Achilles does it hurt?": the form value, the condition and
/// the words on the page.
pub const ACHILLES_LOCATIONS: [(&str, Condition, &str); 3] = [
    (
        "midportion",
        Condition::AchillesMidportion,
        "In the middle of the tendon, about 2–6 cm (a couple of finger-widths) above the heel",
    ),
    (
        "insertional",
        Condition::AchillesInsertional,
        "Low down, where the tendon joins the back of the heel bone",
    ),
    (
        "not-sure",
        Condition::AchillesLocationUnknown,
        "I'm not sure",
    ),
];

/// The form value of an Achilles condition's location, if it is an Achilles condition.
pub fn location_id(condition: Condition) -> Option<&'static str> {
    ACHILLES_LOCATIONS
        .iter()
        .find(|(_, known, _)| *known == condition)
        .map(|(id, _, _)| *id)
}

/// The history step (A2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryInput {
    /// When the pain started, `YYYY-MM-DD`.
    pub started_on: String,
    /// `gradual`, `one-session` or `not-sure`.
    pub onset: String,
    /// What changed in training (see [`TrainingChange`]).
    pub changes: Vec<String>,
    /// Anything else, in the patient's words.
    pub change_note: String,
}

/// The red-flag step: each question's flag and the answer `yes` or `no`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RedFlagsInput {
    /// `(flag, "yes" | "no")` for each question, such as `("calf-clot", "no")`.
    pub answers: Vec<(String, String)>,
}

impl RedFlagsInput {
    /// The answer given for a flag.
    pub fn answer(&self, flag: &str) -> Option<&str> {
        self.answers
            .iter()
            .find(|(id, _)| id == flag)
            .map(|(_, answer)| answer.as_str())
    }
}

/// One skin problem as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkinInput {
    /// The site, such as `soleus`; empty for an unused row.
    pub site: String,
    /// `open-wound`, `inflammation` or `scar`.
    pub kind: String,
    /// For a scar: when it formed, `YYYY-MM-DD`.
    pub since: String,
}

/// The massage-gun screening step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MassageGunInput {
    /// Normal feeling in the calf and Achilles: `yes` or `no` (A9).
    pub normal_sensation: String,
    /// Illnesses that impair repair (A17).
    pub systemic_conditions: Vec<String>,
    /// Heel bursitis: `yes` or `no` (A14; Achilles only).
    pub heel_bursitis: String,
    /// The tendon has fully settled: `yes` or `no` (A13).
    pub tendon_settled: String,
    /// Skin problems by site (A18, A19).
    pub skin: Vec<SkinInput>,
    /// The device's lowest rate, percussions per minute (optional).
    pub device_min_ppm: String,
    /// The device's highest rate (optional).
    pub device_max_ppm: String,
    /// A calf or leg that is swollen, warm or tender in a way that could be a clot: `yes` or
    /// `no` (MG-DVT).
    pub suspected_clot: String,
    /// Blood-thinning medicine: `yes` or `no` (MG-BLEED).
    pub blood_thinners: String,
    /// A bleeding disorder: `yes` or `no` (MG-BLEED).
    pub bleeding_disorder: String,
    /// Pregnant or possibly pregnant: `yes` or `no` (MG-PREG).
    pub pregnant: String,
    /// A pacemaker, nerve stimulator or metal implant: `yes` or `no` (MG-IMPLANT).
    pub implanted_device: String,
}

impl MassageGunInput {
    /// The same answers with "no" to the clot, blood-thinner, bleeding-disorder, pregnancy and
    /// implant questions: for demo patients and tests.
    pub fn with_no_health_concerns(self) -> MassageGunInput {
        let no = || "no".to_string();
        MassageGunInput {
            suspected_clot: no(),
            blood_thinners: no(),
            bleeding_disorder: no(),
            pregnant: no(),
            implanted_device: no(),
            ..self
        }
    }
}

/// The baseline step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BaselineInput {
    /// The VISA-A or VISA-H answers.
    pub visa: VisaInput,
    /// The usual morning pain, 0–10.
    pub morning_pain: String,
    /// Training days a week, 1–7.
    pub days_per_week: String,
    /// Pain during a single-leg heel raise, 0–10 (Achilles only).
    pub heel_raise_pain: String,
    /// What the patient has to train with, by spelling (see
    /// [`tendo_core::programme::Equipment`]): `None` when the question was not asked, an empty
    /// list for "nothing extra" (`P-EQUIP`).
    pub equipment: Option<Vec<String>>,
}

/// The input of any step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepInput {
    /// The condition step.
    Condition(ConditionInput),
    /// The history step.
    History(HistoryInput),
    /// The red-flag step.
    RedFlags(RedFlagsInput),
    /// The massage-gun step.
    MassageGun(MassageGunInput),
    /// The baseline step.
    Baseline(BaselineInput),
}

/// Reads a step into `answers`; the reader collects the problems.
pub(crate) fn read(
    reader: &mut Reader,
    input: &StepInput,
    answers: &mut IntakeAnswers,
    today: Date,
) {
    match input {
        StepInput::Condition(input) => read_condition(reader, input, answers),
        StepInput::History(input) => read_history(reader, input, answers, today),
        StepInput::RedFlags(input) => read_red_flags(reader, input, answers),
        StepInput::MassageGun(input) => {
            if let Some(gun) = read_gun(reader, input, answers.condition, today) {
                if gun.suspected_clot == Some(true) {
                    report_clot(answers);
                }
                answers.massage_gun = Some(gun);
            }
        }
        StepInput::Baseline(input) => read_baseline(reader, input, answers),
    }
}

fn read_condition(reader: &mut Reader, input: &ConditionInput, answers: &mut IntakeAnswers) {
    let found = Condition::parse(&input.condition).map(|found| found.condition);
    if found.is_none() {
        let message = if input.condition.trim().is_empty() {
            "say which tendon hurts, such as Achilles tendinopathy".to_string()
        } else {
            format!(
                "Tendo does not recognise `{}`: {CONDITION_EXPECTED}",
                input.condition.trim()
            )
        };
        reader.errors.add("condition", message);
    }
    let found = found.and_then(|condition| achilles_location(reader, input, condition));
    let side = [Side::Left, Side::Right, Side::Both]
        .into_iter()
        .find(|side| side_id(*side) == input.side.trim());
    if side.is_none() {
        reader.errors.add("side", "choose left, right or both");
    }
    if let (Some(found), Some(side)) = (found, side) {
        if answers.condition != Some(found) {
            // Other conditions ask other safety questions.
            answers.red_flags = None;
        }
        answers.condition_text = Some(input.condition.trim().to_string());
        answers.condition = Some(found);
        answers.side = Some(side);
    }
}

/// The condition with the Achilles location answered: the chosen location wins over the
/// words; words that name the Achilles without a location and no choice are asked again,
/// naming `location` (`P-INS`). "I'm not sure" is kept as the unknown location, which keeps
/// every plan at floor level.
fn achilles_location(
    reader: &mut Reader,
    input: &ConditionInput,
    condition: Condition,
) -> Option<Condition> {
    if !condition.is_achilles() {
        return Some(condition);
    }
    let chosen = input.location.trim();
    if let Some((_, located, _)) = ACHILLES_LOCATIONS.iter().find(|(id, _, _)| *id == chosen) {
        return Some(*located);
    }
    if !chosen.is_empty() {
        reader.errors.add(
            "location",
            format!("`{chosen}` is not an answer here: {LOCATION_QUESTION}"),
        );
        return None;
    }
    if condition == Condition::AchillesLocationUnknown {
        reader.errors.add("location", LOCATION_QUESTION);
        return None;
    }
    Some(condition)
}

/// What the condition step asks when the Achilles location is missing.
const LOCATION_QUESTION: &str = "say where along the Achilles it hurts: in the middle of the \
tendon (2–6 cm above the heel), where it joins the heel bone, or I'm not sure";

fn read_history(
    reader: &mut Reader,
    input: &HistoryInput,
    answers: &mut IntakeAnswers,
    today: Date,
) {
    let earliest = today.checked_sub(30.years()).unwrap_or(today);
    let started_on = reader.date(
        "started_on",
        &input.started_on,
        earliest,
        today,
        "when the pain started",
    );
    let onset = Onset::ALL
        .into_iter()
        .find(|onset| onset.id() == input.onset.trim());
    if onset.is_none() {
        reader.errors.add("onset", "choose how the pain started");
    }
    let mut changes = Vec::new();
    for text in &input.changes {
        match TrainingChange::parse(text.trim()) {
            Some(change) if !changes.contains(&change) => changes.push(change),
            Some(_) => {}
            None => reader.errors.add(
                "changes",
                format!("`{}` is not one of the listed changes", text.trim()),
            ),
        }
    }
    let note = reader.note("change_note", &input.change_note, 1000);
    if let (Some(started_on), Some(onset)) = (started_on, onset) {
        answers.started_on = Some(started_on);
        answers.onset = Some(onset);
        answers.training_changes = changes;
        answers.change_note = note;
    }
}

fn read_red_flags(reader: &mut Reader, input: &RedFlagsInput, answers: &mut IntakeAnswers) {
    let Some(condition) = answers.condition else {
        reader
            .errors
            .add("condition", "answer the first step, your tendon, first");
        return;
    };
    let mut flags = Vec::new();
    for question in red_flags::questions(condition) {
        let id = flag_id(question.flag);
        let answer = input.answer(&id).unwrap_or("");
        if reader.yes_no(&id, answer, question.text) == Some(true) {
            flags.push(question.flag);
        }
    }
    answers.red_flags = Some(flags);
}

/// A possible clot told in the massage-gun step is the calf-clot red flag too (RF-DVT, MG-DVT):
/// it is added to the red flags, and a clinician's earlier clearing no longer covers it, so the
/// intake stops self-management and says how urgently to be seen.
fn report_clot(answers: &mut IntakeAnswers) {
    let flags = answers.red_flags.get_or_insert_with(Vec::new);
    if !flags.contains(&RedFlag::CalfClot) {
        flags.push(RedFlag::CalfClot);
        answers.red_flags_cleared = false;
    }
}

/// Reads the massage-gun screening; also used when the screening is updated later.
pub(crate) fn read_gun(
    reader: &mut Reader,
    input: &MassageGunInput,
    condition: Option<Condition>,
    today: Date,
) -> Option<GunAnswers> {
    let Some(condition) = condition else {
        reader
            .errors
            .add("condition", "answer the first step, your tendon, first");
        return None;
    };
    let normal_sensation = reader.yes_no(
        "normal_sensation",
        &input.normal_sensation,
        "is the feeling in your calf and Achilles normal?",
    );
    let heel_bursitis = if condition.is_achilles() {
        reader.yes_no(
            "heel_bursitis",
            &input.heel_bursitis,
            "have you been told you have heel bursitis?",
        )
    } else {
        Some(false)
    };
    let tendon_settled = reader.yes_no(
        "tendon_settled",
        &input.tendon_settled,
        "has your tendon fully settled?",
    );
    let suspected_clot = reader.yes_no(
        "suspected_clot",
        &input.suspected_clot,
        "could your calf or leg have a blood clot?",
    );
    let blood_thinners = reader.yes_no(
        "blood_thinners",
        &input.blood_thinners,
        "do you take blood-thinning medicine?",
    );
    let bleeding_disorder = reader.yes_no(
        "bleeding_disorder",
        &input.bleeding_disorder,
        "do you have a bleeding disorder?",
    );
    let pregnant = reader.yes_no(
        "pregnant",
        &input.pregnant,
        "are you or might you be pregnant?",
    );
    let implanted_device = reader.yes_no(
        "implanted_device",
        &input.implanted_device,
        "do you have a pacemaker, a nerve stimulator or a metal implant?",
    );
    let mut systemic: Vec<SystemicCondition> = Vec::new();
    for text in &input.systemic_conditions {
        match ILLNESSES
            .into_iter()
            .find(|illness| illness_id(*illness) == text.trim())
        {
            Some(illness) if !systemic.contains(&illness) => systemic.push(illness),
            Some(_) => {}
            None => reader.errors.add(
                "systemic_conditions",
                format!("`{}` is not one of the listed illnesses", text.trim()),
            ),
        }
    }
    let skin = read_skin(reader, &input.skin, today);
    let min = reader.optional_number(
        "device.min_ppm",
        &input.device_min_ppm,
        100,
        10_000,
        "the lowest rate",
    );
    let max = reader.optional_number(
        "device.max_ppm",
        &input.device_max_ppm,
        100,
        10_000,
        "the highest rate",
    );
    let device = match (min, max) {
        (Some(min), Some(max)) if min > max => {
            reader.errors.add(
                "device.min_ppm",
                format!("the lowest rate ({min}) cannot be above the highest ({max})"),
            );
            None
        }
        (Some(min), Some(max)) => Some(Device {
            min_ppm: u32::try_from(min).unwrap_or(u32::MAX),
            max_ppm: u32::try_from(max).unwrap_or(u32::MAX),
        }),
        (None, None) => None,
        (Some(_), None) => {
            reader
                .errors
                .add("device.max_ppm", "give the highest rate too, or neither");
            None
        }
        (None, Some(_)) => {
            reader
                .errors
                .add("device.min_ppm", "give the lowest rate too, or neither");
            None
        }
    };
    Some(GunAnswers {
        normal_sensation: normal_sensation?,
        systemic_conditions: systemic,
        heel_bursitis: heel_bursitis?,
        tendon_settled: tendon_settled?,
        skin: skin?,
        device,
        suspected_clot: Some(suspected_clot?),
        blood_thinners: Some(blood_thinners?),
        bleeding_disorder: Some(bleeding_disorder?),
        pregnant: Some(pregnant?),
        implanted_device: Some(implanted_device?),
    })
}

fn read_skin(reader: &mut Reader, rows: &[SkinInput], today: Date) -> Option<Vec<SkinIssue>> {
    let before = reader.errors.0.len();
    let mut issues = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.site.trim().is_empty() && row.kind.trim().is_empty() && row.since.trim().is_empty() {
            continue;
        }
        let site = Site::ALL
            .into_iter()
            .find(|site| site.id() == row.site.trim());
        if site.is_none() {
            reader.errors.add(
                format!("skin[{index}].site"),
                "choose where the skin problem is",
            );
        }
        let kind = SKIN_KINDS
            .into_iter()
            .find(|kind| skin_kind_id(*kind) == row.kind.trim());
        if kind.is_none() {
            reader.errors.add(
                format!("skin[{index}].kind"),
                "choose what the skin problem is",
            );
        }
        let earliest = today.checked_sub(80.years()).unwrap_or(today);
        let since = if kind == Some(tendo_core::massage_gun::SkinKind::Scar)
            || !row.since.trim().is_empty()
        {
            reader.date(
                &format!("skin[{index}].since"),
                &row.since,
                earliest,
                today,
                "when the scar formed",
            )
        } else {
            None
        };
        if let (Some(site), Some(kind)) = (site, kind) {
            issues.push(SkinIssue { site, kind, since });
        }
    }
    (reader.errors.0.len() == before).then_some(issues)
}

fn read_baseline(reader: &mut Reader, input: &BaselineInput, answers: &mut IntakeAnswers) {
    let visa = input.visa.read(reader);
    let morning_pain = reader.pain(
        "morning_pain",
        &input.morning_pain,
        "your usual morning pain",
    );
    let days = reader
        .number(
            "days_per_week",
            &input.days_per_week,
            1,
            7,
            "training days a week",
        )
        .and_then(|days| u8::try_from(days).ok());
    let heel_raise_pain = match answers.condition {
        Some(condition) if condition.is_achilles() => {
            let pain = reader.pain(
                "heel_raise_pain",
                &input.heel_raise_pain,
                "the pain of a single-leg heel raise",
            );
            if pain.is_none() {
                return;
            }
            pain
        }
        _ => None,
    };
    let equipment = match &input.equipment {
        Some(texts) => match EquipmentSet::parse("equipment", texts) {
            Ok(equipment) => Some(equipment),
            Err(error) => {
                reader.errors.add(error.field, error.problem);
                return;
            }
        },
        None => None,
    };
    if let (Some(visa), Some(morning_pain), Some(days_per_week)) = (visa, morning_pain, days) {
        answers.baseline = Some(Baseline {
            visa,
            morning_pain,
            days_per_week,
            heel_raise_pain,
            equipment,
        });
    }
}
