//! A submitted form as name–value pairs, keeping repeated names (checkbox lists) and rows
//! named like `sets[0].reps`.

/// The fields of a submitted form, in order.
#[derive(Clone, Debug, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// The first value of `name`, or empty.
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect()
    }

    /// True when `name` was sent with `value` (a checked radio button or checkbox).
    pub fn is(&self, name: &str, value: &str) -> bool {
        self.0
            .iter()
            .any(|(key, sent)| key == name && sent == value)
    }

    /// Adds a field.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// How many rows named `prefix[0].…`, `prefix[1].…` … the form has (rows are numbered from
    /// 0 without gaps).
    pub fn rows(&self, prefix: &str) -> usize {
        let mut count = 0;
        while self
            .0
            .iter()
            .any(|(key, _)| key.starts_with(&format!("{prefix}[{count}].")))
        {
            count += 1;
        }
        count
    }

    /// The value of `prefix[index].field`.
    pub fn row(&self, prefix: &str, index: usize, field: &str) -> String {
        self.get(&format!("{prefix}[{index}].{field}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_repeated_names_are_read() {
        let form = FormData(vec![
            ("changes".into(), "hills".into()),
            ("changes".into(), "speed-work".into()),
            ("sets[0].reps".into(), "15".into()),
            ("sets[1].reps".into(), "".into()),
            ("sets[3].reps".into(), "9".into()),
        ]);
        assert_eq!(form.all("changes"), ["hills", "speed-work"]);
        assert_eq!(form.rows("sets"), 2, "rows stop at the first gap");
        assert_eq!(form.row("sets", 0, "reps"), "15");
        assert_eq!(form.get("missing"), "");
    }
}
