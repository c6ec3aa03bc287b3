//! The `/api/v1` reference as the `/api-docs` page shows it, read from the
//! OpenAPI document that the server generates from its handlers.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiReference {
    pub title: String,
    pub description: String,
    pub version: String,
    pub server: String,
    pub operations: Vec<Operation>,
    pub schemas: Vec<SchemaDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub tag: String,
    pub summary: String,
    pub description: String,
    /// E.g. "api-key header" or "Bearer token with portico:client".
    pub auth: String,
    pub parameters: Vec<Parameter>,
    /// The request body's schema name (or "object").
    pub request: Option<String>,
    pub responses: Vec<ResponseDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameter {
    pub name: String,
    pub location: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseDoc {
    pub status: String,
    pub description: String,
    pub schema: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaDoc {
    pub name: String,
    pub description: String,
    pub fields: Vec<FieldDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDoc {
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub description: String,
    pub example: Option<String>,
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// A schema's name (for `$ref`s) or its type, readably.
fn kind(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    if let Some(any) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        let parts: Vec<String> = any.iter().map(kind).filter(|k| k != "null").collect();
        return parts.join(" | ");
    }
    match &schema["type"] {
        Value::String(t) if t == "array" => format!("{}[]", kind(&schema["items"])),
        Value::String(t) => t.clone(),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .map(|t| {
                if t == "array" {
                    format!("{}[]", kind(&schema["items"]))
                } else {
                    t.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "any".to_owned(),
    }
}

fn auth(security: &Value, schemes: &Value) -> String {
    let Some(requirements) = security.as_array() else {
        return "none".into();
    };
    let described: Vec<String> = requirements
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|req| req.iter())
        .map(|(name, scopes)| {
            let scheme = &schemes[name];
            let scopes: Vec<&str> = scopes
                .as_array()
                .map(|s| s.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match scheme["type"].as_str() {
                Some("apiKey") => format!("{} header", text(&scheme["name"])),
                Some("http") if scopes.is_empty() => "Bearer access token".to_owned(),
                Some("http") => format!("Bearer access token with {}", scopes.join(" ")),
                _ => name.clone(),
            }
        })
        .collect();
    described.join(" or ")
}

impl ApiReference {
    /// Reads an OpenAPI 3 document; parts it does not know are skipped.
    pub fn from_openapi(doc: &Value) -> Self {
        let schemes = &doc["components"]["securitySchemes"];
        let mut operations = Vec::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for method in ["get", "post", "put", "patch", "delete"] {
                let op = &item[method];
                if !op.is_object() {
                    continue;
                }
                let parameters = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| Parameter {
                        name: text(&p["name"]),
                        location: text(&p["in"]),
                        description: text(&p["description"]),
                    })
                    .collect();
                let request = op["requestBody"]["content"]
                    .as_object()
                    .and_then(|c| c.values().next())
                    .map(|media| kind(&media["schema"]));
                let responses = op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(status, r)| ResponseDoc {
                        status: status.clone(),
                        description: text(&r["description"]),
                        schema: r["content"]
                            .as_object()
                            .and_then(|c| c.values().next())
                            .map(|media| kind(&media["schema"])),
                    })
                    .collect();
                operations.push(Operation {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    tag: op["tags"][0].as_str().unwrap_or("other").to_owned(),
                    summary: text(&op["summary"]),
                    description: text(&op["description"]),
                    auth: auth(&op["security"], schemes),
                    parameters,
                    request,
                    responses,
                });
            }
        }
        let schemas = doc["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, schema)| {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                SchemaDoc {
                    name: name.clone(),
                    description: text(&schema["description"]),
                    fields: schema["properties"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(field, prop)| FieldDoc {
                            name: field.clone(),
                            kind: kind(prop),
                            required: required.contains(&field.as_str()),
                            description: text(&prop["description"]),
                            example: (!prop["example"].is_null())
                                .then(|| prop["example"].to_string()),
                        })
                        .collect(),
                }
            })
            .collect();
        Self {
            title: text(&doc["info"]["title"]),
            description: text(&doc["info"]["description"]),
            version: text(&doc["info"]["version"]),
            server: text(&doc["servers"][0]["url"]),
            operations,
            schemas,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_operations_security_and_schemas() {
        let doc = json!({
            "info": {"title": "T", "version": "1"},
            "servers": [{"url": "https://id.example"}],
            "paths": {"/a/{id}": {"get": {
                "tags": ["things"], "summary": "Get a thing",
                "parameters": [{"name": "id", "in": "path", "description": "The id"}],
                "security": [{"k": []}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
            }}},
            "components": {
                "securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "api-key"}},
                "schemas": {"Thing": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "example": "x"},
                    "tags": {"type": ["array", "null"], "items": {"type": "string"}}
                }}}
            }
        });
        let reference = ApiReference::from_openapi(&doc);
        let op = &reference.operations[0];
        assert_eq!((op.method.as_str(), op.path.as_str()), ("GET", "/a/{id}"));
        assert_eq!(op.auth, "api-key header");
        assert_eq!(op.responses[0].schema.as_deref(), Some("Thing"));
        let thing = &reference.schemas[0];
        assert!(
            thing
                .fields
                .iter()
                .any(|f| f.name == "name" && f.required && f.example.as_deref() == Some("\"x\""))
        );
        assert!(
            thing
                .fields
                .iter()
                .any(|f| f.name == "tags" && f.kind == "string[]" && !f.required)
        );
        assert_eq!(reference.server, "https://id.example");
    }
}
