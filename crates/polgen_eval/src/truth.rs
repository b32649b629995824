//! Three-valued logic: a part of a statement matches, does not, or cannot be decided from what
//! the request says. Unknown is never rounded to yes or no.

/// The answer for one part of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Truth {
    Yes,
    No,
    /// Cannot be decided; the reason names what is missing (`the context has no \`aws:SourceIp\``).
    Unknown(String),
}

impl Truth {
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::Yes } else { Truth::No }
    }

    pub fn unknown(reason: impl Into<String>) -> Truth {
        Truth::Unknown(reason.into())
    }

    /// Every part must hold: one `No` decides, else the first unknown, else yes.
    pub fn all(parts: impl IntoIterator<Item = Truth>) -> Truth {
        let mut unknown = None;
        for part in parts {
            match part {
                Truth::No => return Truth::No,
                Truth::Unknown(r) => {
                    unknown.get_or_insert(r);
                }
                Truth::Yes => {}
            }
        }
        unknown.map_or(Truth::Yes, Truth::Unknown)
    }

    /// One part must hold: one `Yes` decides, else the first unknown, else no.
    pub fn any(parts: impl IntoIterator<Item = Truth>) -> Truth {
        let mut unknown = None;
        for part in parts {
            match part {
                Truth::Yes => return Truth::Yes,
                Truth::Unknown(r) => {
                    unknown.get_or_insert(r);
                }
                Truth::No => {}
            }
        }
        unknown.map_or(Truth::No, Truth::Unknown)
    }
}

/// Logical not; unknown stays unknown.
impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::Yes => Truth::No,
            Truth::No => Truth::Yes,
            unknown => unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_beats_unknown_in_all_and_yes_beats_unknown_in_any() {
        let u = || Truth::unknown("x");
        assert_eq!(Truth::all([Truth::Yes, u(), Truth::No]), Truth::No);
        assert_eq!(Truth::all([Truth::Yes, u()]), u());
        assert_eq!(Truth::all([]), Truth::Yes);
        assert_eq!(Truth::any([Truth::No, u(), Truth::Yes]), Truth::Yes);
        assert_eq!(Truth::any([Truth::No, u()]), u());
        assert_eq!(Truth::any([]), Truth::No);
        assert_eq!(!u(), u());
        assert_eq!(!Truth::Yes, Truth::No);
    }
}
