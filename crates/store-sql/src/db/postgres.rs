//! PostgreSQL through tokio-postgres: statements prepared once per connection with their
//! parameters' types declared from the values bound, rows read by column type.

use std::error::Error;
use std::sync::Arc;

use bytes::BytesMut;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use tokio_postgres::{NoTls, Statement};

use super::{DbError, Fetched, Kind, Query, Row, RowDecoder, Value, Want};

/// Opens a pool of at most `max` connections to the server at `url`.
pub fn pool(url: &str, max: usize) -> Result<Pool, DbError> {
    let config: tokio_postgres::Config = url
        .parse()
        .map_err(|error: tokio_postgres::Error| DbError::Connection(error.to_string()))?;
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(max)
        .wait_timeout(Some(std::time::Duration::from_secs(30)))
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .build()
        .map_err(|error| DbError::Connection(error.to_string()))
}

/// A connection from `pool`, waiting for one when all are busy.
pub async fn client(pool: &Pool) -> Result<deadpool_postgres::Object, DbError> {
    pool.get()
        .await
        .map_err(|error| DbError::Connection(error.to_string()))
}

fn declared(kind: Kind) -> Type {
    match kind {
        Kind::Int => Type::INT8,
        Kind::Float => Type::FLOAT8,
        Kind::Text => Type::TEXT,
        Kind::Bytes => Type::BYTEA,
        Kind::Bool => Type::BOOL,
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            Value::Null(_) => Ok(IsNull::Yes),
            Value::Int(int) => match *ty {
                Type::INT2 => i16::try_from(*int)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*int)?.to_sql(ty, out),
                #[allow(clippy::cast_precision_loss)]
                Type::FLOAT8 => (*int as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => int.to_string().to_sql(ty, out),
                _ => int.to_sql(ty, out),
            },
            Value::Float(float) => match *ty {
                #[allow(clippy::cast_possible_truncation)]
                Type::FLOAT4 => (*float as f32).to_sql(ty, out),
                _ => float.to_sql(ty, out),
            },
            Value::Text(text) => text.as_str().to_sql(ty, out),
            Value::Bytes(bytes) => bytes.as_slice().to_sql(ty, out),
            Value::Bool(flag) => flag.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        // The statement declares each parameter's type from its value, so the value fits.
        true
    }

    to_sql_checked!();
}

/// `query`'s statement, prepared on `client` (cached unless the query says otherwise) with each
/// parameter's type declared from the value bound.
async fn prepared(
    client: &deadpool_postgres::ClientWrapper,
    query: &Query<'_>,
) -> Result<Statement, DbError> {
    let types: Vec<Type> = query
        .args
        .iter()
        .map(|value| match value {
            Value::Null(kind) => declared(*kind),
            other => declared(other.kind()),
        })
        .collect();
    Ok(if query.cached {
        client.prepare_typed_cached(&query.sql, &types).await?
    } else {
        client.prepare_typed(&query.sql, &types).await?
    })
}

fn parameters<'a>(query: &'a Query<'_>) -> Vec<&'a (dyn ToSql + Sync)> {
    query
        .args
        .iter()
        .map(|value| value as &(dyn ToSql + Sync))
        .collect()
}

/// Runs one statement on `client`.
pub async fn run(
    client: &deadpool_postgres::ClientWrapper,
    query: &Query<'_>,
    want: Want,
) -> Result<Fetched, DbError> {
    let statement = prepared(client, query).await?;
    let params = parameters(query);
    if want == Want::Effect {
        let affected = client.execute(&statement, &params).await?;
        return Ok(Fetched {
            rows: Vec::new(),
            affected,
        });
    }
    let rows = client.query(&statement, &params).await?;
    let decoder = Decoder {
        columns: column_names(&statement),
        statement,
    };
    let mut fetched = Fetched::default();
    for row in rows
        .iter()
        .take(if want == Want::First { 1 } else { usize::MAX })
    {
        fetched.rows.push(decoder.row(row)?);
    }
    Ok(fetched)
}

/// Runs one statement on `client` and reads each row with `decoder` as it arrives, where
/// tokio-postgres holds it.
pub async fn decode<T>(
    client: &deadpool_postgres::ClientWrapper,
    query: &Query<'_>,
    decoder: &RowDecoder<T>,
) -> Result<Vec<T>, DbError> {
    use futures_util::TryStreamExt;
    let statement = prepared(client, query).await?;
    decoder.check(statement.columns().iter().map(tokio_postgres::Column::name))?;
    let rows = client.query_raw(&statement, parameters(query)).await?;
    let mut rows = std::pin::pin!(rows);
    let mut decoded = Vec::new();
    while let Some(row) = rows.try_next().await? {
        decoded.push(decoder.postgres_row(&row)?);
    }
    Ok(decoded)
}

/// Reads a statement's rows into [`Row`]s.
pub struct Decoder {
    statement: Statement,
    columns: Arc<[String]>,
}

impl Decoder {
    /// One row, read by its columns' types.
    pub fn row(&self, row: &tokio_postgres::Row) -> Result<Row, DbError> {
        let mut values = Vec::with_capacity(row.len());
        for (index, column) in self.statement.columns().iter().enumerate() {
            values.push(read(row, index, column.type_(), column.name())?);
        }
        Ok(Row::new(self.columns.clone(), values))
    }
}

/// Runs `query` on `client` and gives its rows as the server sends them, with their decoder:
/// for reads too long to hold whole.
pub async fn rows(
    client: &deadpool_postgres::ClientWrapper,
    query: &Query<'_>,
) -> Result<(tokio_postgres::RowStream, Decoder), DbError> {
    let statement = prepared(client, query).await?;
    let rows = client.query_raw(&statement, parameters(query)).await?;
    let decoder = Decoder {
        columns: column_names(&statement),
        statement,
    };
    Ok((rows, decoder))
}

fn column_names(statement: &Statement) -> Arc<[String]> {
    statement
        .columns()
        .iter()
        .map(|column| column.name().to_owned())
        .collect()
}

fn read(row: &tokio_postgres::Row, index: usize, ty: &Type, name: &str) -> Result<Value, DbError> {
    fn get<'a, T: tokio_postgres::types::FromSql<'a>>(
        row: &'a tokio_postgres::Row,
        index: usize,
    ) -> Result<Option<T>, DbError> {
        row.try_get(index)
            .map_err(|error| DbError::Connection(error.to_string()))
    }
    let or_null = |value: Option<Value>, kind| value.unwrap_or(Value::Null(kind));
    Ok(match *ty {
        Type::INT8 => or_null(get::<i64>(row, index)?.map(Value::Int), Kind::Int),
        Type::INT4 => or_null(
            get::<i32>(row, index)?.map(|int| Value::Int(i64::from(int))),
            Kind::Int,
        ),
        Type::INT2 => or_null(
            get::<i16>(row, index)?.map(|int| Value::Int(i64::from(int))),
            Kind::Int,
        ),
        Type::OID => or_null(
            get::<u32>(row, index)?.map(|int| Value::Int(i64::from(int))),
            Kind::Int,
        ),
        Type::FLOAT8 => or_null(get::<f64>(row, index)?.map(Value::Float), Kind::Float),
        Type::FLOAT4 => or_null(
            get::<f32>(row, index)?.map(|float| Value::Float(f64::from(float))),
            Kind::Float,
        ),
        Type::BOOL => or_null(get::<bool>(row, index)?.map(Value::Bool), Kind::Bool),
        Type::BYTEA => or_null(get::<Vec<u8>>(row, index)?.map(Value::Bytes), Kind::Bytes),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            or_null(get::<String>(row, index)?.map(Value::Text), Kind::Text)
        }
        Type::VOID => Value::Null(Kind::Text),
        ref other => {
            return Err(DbError::Decode {
                column: name.to_owned(),
                found: unread_type(other),
                wanted: "a type the store reads",
            });
        }
    })
}

/// What a type the store does not read is, for the error.
fn unread_type(ty: &Type) -> &'static str {
    match *ty {
        Type::NUMERIC => "NUMERIC (cast it to BIGINT or DOUBLE PRECISION)",
        Type::TIMESTAMPTZ | Type::TIMESTAMP => "a timestamp (store moments as microseconds)",
        Type::JSON | Type::JSONB => "JSON (store it as TEXT)",
        _ => "a type other than BIGINT, INTEGER, DOUBLE PRECISION, TEXT, BYTEA, BOOLEAN",
    }
}
