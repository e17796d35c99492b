//! Values bound to statements and read back from rows, and the rows themselves.

use std::sync::Arc;

use super::DbError;

/// What a parameter's type is when its value is NULL (so PostgreSQL can be told).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A 64-bit integer.
    Int,
    /// A double-precision float.
    Float,
    /// Text.
    Text,
    /// Bytes.
    Bytes,
    /// A boolean.
    Bool,
}

/// One value bound to a statement or read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// NULL, of a kind when it is bound (read NULLs say [`Kind::Text`]; it is not looked at).
    Null(Kind),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A boolean (SQLite stores it as 0 or 1).
    Bool(bool),
}

impl Value {
    /// The value's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Null(kind) => *kind,
            Value::Int(_) => Kind::Int,
            Value::Float(_) => Kind::Float,
            Value::Text(_) => Kind::Text,
            Value::Bytes(_) => Kind::Bytes,
            Value::Bool(_) => Kind::Bool,
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Value::Null(_) => "NULL",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
            Value::Bool(_) => "a boolean",
        }
    }
}

/// A type that can be bound as a parameter.
pub trait Bind {
    /// The kind of its NULL.
    const KIND: Kind;
    /// The value to bind.
    fn into_value(self) -> Value;
}

macro_rules! bind_int {
    ($($t:ty),*) => {$(
        impl Bind for $t {
            const KIND: Kind = Kind::Int;
            fn into_value(self) -> Value {
                Value::Int(i64::from(self))
            }
        }
    )*};
}
bind_int!(i64, i32, i16, u32, u16, u8);

impl Bind for f64 {
    const KIND: Kind = Kind::Float;
    fn into_value(self) -> Value {
        Value::Float(self)
    }
}

impl Bind for bool {
    const KIND: Kind = Kind::Bool;
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

impl Bind for String {
    const KIND: Kind = Kind::Text;
    fn into_value(self) -> Value {
        Value::Text(self)
    }
}

impl Bind for &str {
    const KIND: Kind = Kind::Text;
    fn into_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl Bind for &String {
    const KIND: Kind = Kind::Text;
    fn into_value(self) -> Value {
        Value::Text(self.clone())
    }
}

impl Bind for Vec<u8> {
    const KIND: Kind = Kind::Bytes;
    fn into_value(self) -> Value {
        Value::Bytes(self)
    }
}

impl Bind for &[u8] {
    const KIND: Kind = Kind::Bytes;
    fn into_value(self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

impl<const N: usize> Bind for [u8; N] {
    const KIND: Kind = Kind::Bytes;
    fn into_value(self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

impl<T: Bind> Bind for Option<T> {
    const KIND: Kind = T::KIND;
    fn into_value(self) -> Value {
        match self {
            Some(value) => value.into_value(),
            None => Value::Null(T::KIND),
        }
    }
}

/// A row: its values, read by column name or position.
#[derive(Clone, Debug)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

/// A column, by name or position.
pub trait ColumnIndex {
    /// Its position in `row`, if it has one.
    fn position(&self, row: &Row) -> Option<usize>;
    /// How to name it in an error.
    fn describe(&self) -> String;
}

impl ColumnIndex for &str {
    fn position(&self, row: &Row) -> Option<usize> {
        row.columns.iter().position(|column| column == self)
    }
    fn describe(&self) -> String {
        (*self).to_owned()
    }
}

impl ColumnIndex for usize {
    fn position(&self, row: &Row) -> Option<usize> {
        (*self < row.values.len()).then_some(*self)
    }
    fn describe(&self) -> String {
        format!("#{self}")
    }
}

impl Row {
    /// A row of `values` under `columns`.
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { columns, values }
    }

    /// The value of `column` as a `T`.
    pub fn try_get<T: FromValue, I: ColumnIndex>(&self, column: I) -> Result<T, DbError> {
        let value = column
            .position(self)
            .and_then(|position| self.values.get(position))
            .ok_or_else(|| DbError::Decode {
                column: column.describe(),
                found: "nothing (no such column)",
                wanted: T::WANTED,
            })?;
        T::from_value(value).ok_or_else(|| DbError::Decode {
            column: column.describe(),
            found: value.describe(),
            wanted: T::WANTED,
        })
    }

    /// The raw value at `position`.
    pub fn value(&self, position: usize) -> Option<&Value> {
        self.values.get(position)
    }

    /// The names of the columns, in order.
    pub fn column_names(&self) -> &[String] {
        &self.columns
    }
}

/// A type a column's value can be read as.
pub trait FromValue: Sized {
    /// What it is, for errors.
    const WANTED: &'static str;
    /// The value as `Self`, if it is one.
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    const WANTED: &'static str = "an integer";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(int) => Some(*int),
            Value::Bool(flag) => Some(i64::from(*flag)),
            _ => None,
        }
    }
}

impl FromValue for i32 {
    const WANTED: &'static str = "a 32-bit integer";
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|int| i32::try_from(int).ok())
    }
}

impl FromValue for f64 {
    const WANTED: &'static str = "a number";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Float(float) => Some(*float),
            #[allow(clippy::cast_precision_loss)]
            Value::Int(int) => Some(*int as f64),
            _ => None,
        }
    }
}

impl FromValue for bool {
    const WANTED: &'static str = "a boolean";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(*flag),
            Value::Int(int) => Some(*int != 0),
            _ => None,
        }
    }
}

impl FromValue for String {
    const WANTED: &'static str = "text";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(text) => Some(text.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    const WANTED: &'static str = "bytes";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bytes(bytes) => Some(bytes.clone()),
            _ => None,
        }
    }
}

/// A 16-byte id, read without copying the column's bytes into a new allocation (the rows of
/// the largest reads, a week's booked times, are mostly ids).
impl FromValue for [u8; 16] {
    const WANTED: &'static str = "a 16-byte id";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bytes(bytes) => bytes.as_slice().try_into().ok(),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const WANTED: &'static str = T::WANTED;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null(_) => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_keep_the_kind_of_what_they_stand_for() {
        assert_eq!(None::<i64>.into_value(), Value::Null(Kind::Int));
        assert_eq!(None::<f64>.into_value(), Value::Null(Kind::Float));
        assert_eq!(None::<&str>.into_value(), Value::Null(Kind::Text));
        assert_eq!(Some(3_i32).into_value(), Value::Int(3));
    }

    #[test]
    fn a_row_reads_by_name_or_position_and_names_a_wrong_type() {
        let row = Row::new(
            Arc::from(vec!["n".to_owned(), "t".to_owned()]),
            vec![Value::Int(2), Value::Null(Kind::Text)],
        );
        assert_eq!(row.try_get::<i64, _>("n").unwrap(), 2);
        assert_eq!(row.try_get::<f64, _>(0).unwrap(), 2.0);
        assert_eq!(row.try_get::<Option<String>, _>("t").unwrap(), None);
        let error = row.try_get::<String, _>("n").unwrap_err().to_string();
        assert!(
            error.contains("`n`") && error.contains("integer"),
            "{error}"
        );
        assert!(row.try_get::<i64, _>("missing").is_err());
    }

    #[test]
    fn an_id_is_sixteen_bytes_and_any_other_length_is_named_as_wrong() {
        let id: Vec<u8> = (0..16).collect();
        let row = Row::new(
            Arc::from(vec!["id".to_owned(), "short".to_owned(), "none".to_owned()]),
            vec![
                Value::Bytes(id.clone()),
                Value::Bytes(vec![1; 15]),
                Value::Null(Kind::Bytes),
            ],
        );
        assert_eq!(row.try_get::<[u8; 16], _>("id").unwrap().to_vec(), id);
        assert_eq!(row.try_get::<Option<[u8; 16]>, _>("none").unwrap(), None);
        let error = row.try_get::<[u8; 16], _>("short").unwrap_err().to_string();
        assert!(
            error.contains("`short`") && error.contains("16-byte id"),
            "{error}"
        );
    }
}
