//! The timing of one repetition, read from the prescribed tempo ("3 s down, 3 s up", "lower
//! slowly, about 3 s") over the exercise's own default.

/// Seconds for each part of one repetition of a demonstration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    /// From the start pose to the end pose.
    pub to_end: f32,
    /// Held at the end pose.
    pub hold: f32,
    /// From the end pose back to the start pose.
    pub to_start: f32,
    /// Resting at the start pose before the next repetition.
    pub pause: f32,
}

/// The lowering of a tempo said in words ("as slowly as you can"), in seconds.
const AS_SLOWLY_AS_YOU_CAN_SECONDS: f32 = 5.0;
/// The lowering of "controlled lowering" or "slow and controlled", in seconds.
const CONTROLLED_SECONDS: f32 = 3.0;

impl Timing {
    /// A timing from its parts.
    pub const fn new(to_end: f32, hold: f32, to_start: f32, pause: f32) -> Timing {
        Timing {
            to_end,
            hold,
            to_start,
            pause,
        }
    }

    /// One whole repetition, in seconds.
    pub fn total(&self) -> f32 {
        self.to_end + self.hold + self.to_start + self.pause
    }

    /// The timing for a prescription: the tempo's seconds down (the lowering) and up, and the
    /// prescribed hold, over the exercise's default.
    pub fn from_prescription(
        default: Timing,
        lowers_to_end: bool,
        tempo: Option<&str>,
        hold_seconds: Option<u16>,
    ) -> Timing {
        let mut timing = default;
        if let Some(hold) = hold_seconds {
            timing.hold = f32::from(hold);
        }
        let Some(tempo) = tempo else {
            return timing;
        };
        let tempo = Tempo::read(tempo);
        let (lowering, rising) = if lowers_to_end {
            (&mut timing.to_end, &mut timing.to_start)
        } else {
            (&mut timing.to_start, &mut timing.to_end)
        };
        if let Some(down) = tempo.down {
            *lowering = down;
        }
        if let Some(up) = tempo.up {
            *rising = up;
        }
        timing
    }

    /// The timing in words: "Moves there in 3 s, holds 45 s, comes back in 3 s."
    pub fn words(&self, lowers_to_end: bool) -> String {
        let (there, back) = if lowers_to_end {
            ("Lowers", "comes back up")
        } else {
            ("Moves there", "comes back")
        };
        let hold = if self.hold >= 1.0 {
            format!(", holds {}", seconds(self.hold))
        } else {
            String::new()
        };
        format!(
            "{there} in {}{hold}, {back} in {}.",
            seconds(self.to_end),
            seconds(self.to_start)
        )
    }
}

/// "3 s", "1.5 s".
pub(crate) fn seconds(value: f32) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0} s")
    } else {
        format!("{rounded:.1} s")
    }
}

/// What a tempo says about the lowering and the rising, in seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tempo {
    /// Seconds down (the lowering).
    pub down: Option<f32>,
    /// Seconds up.
    pub up: Option<f32>,
}

impl Tempo {
    /// Reads "3 s down, 3 s up", "lower slowly, about 3 s; rise with the good leg", "lower as
    /// slowly as you can", "controlled lowering", "slow and controlled".
    pub fn read(text: &str) -> Tempo {
        let text = text.to_lowercase();
        let mut tempo = Tempo::default();
        for part in text.split([',', ';']) {
            let words: Vec<&str> = part.split_whitespace().collect();
            for (index, word) in words.iter().enumerate() {
                let Ok(value) = word.parse::<f32>() else {
                    continue;
                };
                if words.get(index + 1) != Some(&"s") {
                    continue;
                }
                match words.get(index + 2) {
                    Some(&"up") => tempo.up = Some(value),
                    _ => tempo.down = Some(value),
                }
            }
        }
        if tempo.down.is_none() {
            if text.contains("as slowly as you can") {
                tempo.down = Some(AS_SLOWLY_AS_YOU_CAN_SECONDS);
            } else if text.contains("controlled") {
                tempo.down = Some(CONTROLLED_SECONDS);
            }
        }
        if tempo.up.is_none() && text.contains("slow and controlled") {
            tempo.up = Some(CONTROLLED_SECONDS);
        }
        tempo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_tempo_a_plan_writes() {
        assert_eq!(
            Tempo::read("3 s down, 3 s up"),
            Tempo {
                down: Some(3.0),
                up: Some(3.0)
            }
        );
        assert_eq!(
            Tempo::read("lower slowly, about 3 s; rise with the good leg").down,
            Some(3.0)
        );
        assert_eq!(
            Tempo::read("lean forward slowly, about 3 s").down,
            Some(3.0)
        );
        assert_eq!(
            Tempo::read("lower as slowly as you can").down,
            Some(AS_SLOWLY_AS_YOU_CAN_SECONDS)
        );
        assert_eq!(
            Tempo::read("slow and controlled").up,
            Some(CONTROLLED_SECONDS)
        );
    }

    #[test]
    fn the_tempo_sets_the_lowering_whichever_way_the_figure_moves() {
        let default = Timing::new(1.0, 0.0, 1.0, 0.5);
        let raise = Timing::from_prescription(default, false, Some("2 s down, 4 s up"), None);
        assert_eq!((raise.to_end, raise.to_start), (4.0, 2.0));
        let drop = Timing::from_prescription(default, true, Some("2 s down, 4 s up"), None);
        assert_eq!((drop.to_end, drop.to_start), (2.0, 4.0));
    }
}
