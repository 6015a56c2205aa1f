//! The shape of the schema table: a type is a scalar, a struct of named fields, a list or a
//! map with string keys. Enough to tell an unknown field, a misplaced one and a value of
//! the wrong type apart, which is all strict decoding needs.

/// How a value of a field is held in JSON.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Str,
    Bool,
    Int32,
    Int64,
    Float,
    /// A resource quantity: a string such as "500m" or a number.
    Quantity,
    /// `intstr.IntOrString`: an int32 or a string.
    IntOrString,
    /// `metav1.Time`: an RFC 3339 string.
    Time,
    /// `[]byte`: a base64 string.
    Bytes,
    /// Anything (`runtime.RawExtension`, `FieldsV1`).
    Any,
    Struct(&'static Struct),
    List(&'static Ty),
    /// A map from strings to values of this type.
    Map(&'static Ty),
}

/// A Go struct as JSON sees it: its fields, embedded (inline) structs flattened in.
#[derive(Debug)]
pub struct Struct {
    /// The Go type name, e.g. "LabelSelector".
    pub name: &'static str,
    /// The type's Go doc comment as OpenAPI describes it ("" when it has none).
    pub doc: &'static str,
    pub fields: &'static [Field],
}

/// One JSON field of a struct.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    /// The field's Go doc comment as OpenAPI describes it (`kubectl explain` shows it).
    pub doc: &'static str,
}

impl Struct {
    /// The field called exactly `name` (JSON field names are case-sensitive in strict mode).
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The names of the fields, in declaration order.
    pub fn field_names(&self) -> impl Iterator<Item = &'static str> {
        self.fields.iter().map(|f| f.name)
    }
}

/// A field without a description; `const` so that tables are plain static data.
pub const fn f(name: &'static str, ty: Ty) -> Field {
    Field { name, ty, doc: "" }
}

/// A field with its description, as the generated table writes them.
pub const fn fd(name: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field { name, ty, doc }
}

pub const STR: Ty = Ty::Str;
pub const BOOL: Ty = Ty::Bool;
pub const INT32: Ty = Ty::Int32;
pub const INT64: Ty = Ty::Int64;
pub const FLOAT: Ty = Ty::Float;
pub const QUANTITY: Ty = Ty::Quantity;
pub const INT_OR_STRING: Ty = Ty::IntOrString;
pub const TIME: Ty = Ty::Time;
pub const BYTES: Ty = Ty::Bytes;
pub const ANY: Ty = Ty::Any;
