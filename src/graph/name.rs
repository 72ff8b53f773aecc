//! Static evaluation of export and import names (`Fn::Sub`, `Fn::Join`, pseudo
//! parameters, parameter defaults), as far as a template alone allows.

use crate::load::manifest::Env;
use crate::load::node::{Node, Value};

/// An export or import name, as far as it can be known before deploy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Name {
    /// Fully known from the template.
    Literal(String),
    /// Known only through template parameter defaults: the real value is chosen at
    /// deploy time, so a match through it is tentative.
    Tentative { value: String, parameters: Vec<String> },
    /// Cannot be known statically; kept as the expression.
    Symbolic(String),
}

impl Name {
    /// The name to match on, when there is one.
    #[must_use]
    pub fn value(&self) -> Option<&str> {
        match self {
            Name::Literal(v) | Name::Tentative { value: v, .. } => Some(v),
            Name::Symbolic(_) => None,
        }
    }

    /// How the name is shown to users.
    #[must_use]
    pub fn shown(&self) -> &str {
        match self {
            Name::Literal(v) | Name::Tentative { value: v, .. } | Name::Symbolic(v) => v,
        }
    }
}

/// What an expression is known to evaluate to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Eval {
    Known(String),
    Tentative(String, Vec<String>),
    Unknown,
}

/// What the evaluator may know: the stack it runs in.
pub struct Scope<'a> {
    /// `None` for nested stacks, whose names CloudFormation generates at deploy time.
    pub stack_name: Option<&'a str>,
    pub env: &'a Env,
    pub template: &'a Node,
}

impl Scope<'_> {
    #[must_use]
    pub fn name(&self, expr: &Node) -> Name {
        match self.eval(expr, 0) {
            Eval::Known(v) => Name::Literal(v),
            Eval::Tentative(value, mut parameters) => {
                parameters.sort();
                parameters.dedup();
                Name::Tentative { value, parameters }
            }
            Eval::Unknown => Name::Symbolic(expr.to_string()),
        }
    }

    fn eval(&self, expr: &Node, depth: usize) -> Eval {
        if depth > 32 {
            return Eval::Unknown;
        }
        match &expr.value {
            Value::String(s) | Value::Number(s) => return Eval::Known(s.clone()),
            Value::Bool(b) => return Eval::Known(b.to_string()),
            _ => {}
        }
        let Some((function, arg)) = expr.as_intrinsic() else { return Eval::Unknown };
        match function {
            "Ref" => arg.as_str().map_or(Eval::Unknown, |name| self.reference(name)),
            "Fn::Sub" => self.sub(arg, depth),
            "Fn::Join" => self.join(arg, depth),
            "Fn::Select" => self.select(arg, depth),
            "Fn::FindInMap" => self.find_in_map(arg, depth),
            _ => Eval::Unknown,
        }
    }

    /// `Ref` of a pseudo parameter or a template parameter (through its default).
    fn reference(&self, name: &str) -> Eval {
        let known = |v: Option<&str>| v.map_or(Eval::Unknown, |v| Eval::Known(v.to_owned()));
        match name {
            "AWS::StackName" => known(self.stack_name),
            "AWS::Region" => known(self.env.region.as_deref()),
            "AWS::AccountId" => known(self.env.account.as_deref()),
            "AWS::URLSuffix" => Eval::Known("amazonaws.com".to_owned()),
            "AWS::Partition" => Eval::Known("aws".to_owned()),
            _ => match self.template.get("Parameters").and_then(|p| p.get(name)).and_then(|p| p.get("Default")) {
                Some(default) => match default.as_str() {
                    Some(v) => Eval::Tentative(v.to_owned(), vec![name.to_owned()]),
                    None => Eval::Unknown,
                },
                None => Eval::Unknown,
            },
        }
    }

    fn sub(&self, arg: &Node, depth: usize) -> Eval {
        let (text, vars) = match &arg.value {
            Value::String(s) => (s.as_str(), None),
            Value::Seq(items) => match items.as_slice() {
                [text, vars] => match text.as_str() {
                    Some(t) => (t, Some(vars)),
                    None => return Eval::Unknown,
                },
                _ => return Eval::Unknown,
            },
            _ => return Eval::Unknown,
        };
        let mut parts = Vec::new();
        for piece in sub_pieces(text) {
            parts.push(match piece {
                SubPiece::Text(t) => Eval::Known(t),
                SubPiece::Var(var) => match vars.and_then(|v| v.get(&var)) {
                    Some(value) => self.eval(value, depth + 1),
                    None if var.contains('.') => Eval::Unknown,
                    None => self.reference(&var),
                },
            });
        }
        concat(parts)
    }

    fn join(&self, arg: &Node, depth: usize) -> Eval {
        let Some([delimiter, list]) = arg.as_seq().and_then(|s| <&[Node; 2]>::try_from(s).ok()) else {
            return Eval::Unknown;
        };
        let (Some(delimiter), Some(items)) = (delimiter.as_str(), list.as_seq()) else { return Eval::Unknown };
        let mut parts = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                parts.push(Eval::Known(delimiter.to_owned()));
            }
            parts.push(self.eval(item, depth + 1));
        }
        concat(parts)
    }

    fn select(&self, arg: &Node, depth: usize) -> Eval {
        let Some([index, list]) = arg.as_seq().and_then(|s| <&[Node; 2]>::try_from(s).ok()) else {
            return Eval::Unknown;
        };
        let Some(index) = index.as_str().and_then(|i| i.parse::<usize>().ok()) else { return Eval::Unknown };
        match list.as_seq().and_then(|items| items.get(index)) {
            Some(item) => self.eval(item, depth + 1),
            None => Eval::Unknown,
        }
    }

    fn find_in_map(&self, arg: &Node, depth: usize) -> Eval {
        let Some([map, first, second]) = arg.as_seq().and_then(|s| <&[Node; 3]>::try_from(s).ok()) else {
            return Eval::Unknown;
        };
        let keys = [self.eval(map, depth + 1), self.eval(first, depth + 1), self.eval(second, depth + 1)];
        let mut tentative_params = Vec::new();
        let mut node = self.template.get("Mappings");
        for key in keys {
            let key = match key {
                Eval::Known(k) => k,
                Eval::Tentative(k, params) => {
                    tentative_params.extend(params);
                    k
                }
                Eval::Unknown => return Eval::Unknown,
            };
            node = node.and_then(|n| n.get(&key));
        }
        match (node.and_then(Node::as_str), tentative_params.is_empty()) {
            (Some(v), true) => Eval::Known(v.to_owned()),
            (Some(v), false) => Eval::Tentative(v.to_owned(), tentative_params),
            (None, _) => Eval::Unknown,
        }
    }
}

fn concat(parts: Vec<Eval>) -> Eval {
    let mut out = String::new();
    let mut params = Vec::new();
    for part in parts {
        match part {
            Eval::Known(s) => out.push_str(&s),
            Eval::Tentative(s, p) => {
                out.push_str(&s);
                params.extend(p);
            }
            Eval::Unknown => return Eval::Unknown,
        }
    }
    if params.is_empty() { Eval::Known(out) } else { Eval::Tentative(out, params) }
}

#[derive(Debug, PartialEq, Eq)]
pub enum SubPiece {
    Text(String),
    Var(String),
}

/// Splits an `Fn::Sub` string into text and `${Var}` references (`${!Literal}` is text).
#[must_use]
pub fn sub_pieces(text: &str) -> Vec<SubPiece> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut literal = String::new();
    // The slices below cut at offsets `find` returned for ASCII patterns (`${`, `}`),
    // which are char boundaries inside the string, so none can panic.
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            literal.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let var = &after[..end];
        if let Some(escaped) = var.strip_prefix('!') {
            literal.push_str("${");
            literal.push_str(escaped);
            literal.push('}');
        } else {
            if !literal.is_empty() {
                pieces.push(SubPiece::Text(std::mem::take(&mut literal)));
            }
            pieces.push(SubPiece::Var(var.trim().to_owned()));
        }
        rest = &after[end + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(SubPiece::Text(literal));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::json;

    fn name_of(template: &str, expr: &str, stack: Option<&str>) -> Name {
        let template = json::parse(template).unwrap();
        let expr = json::parse(expr).unwrap();
        let env = Env { account: Some("111111111111".into()), region: None };
        Scope { stack_name: stack, env: &env, template: &template }.name(&expr)
    }

    #[test]
    fn resolves_pseudo_parameters_and_defaults() {
        let t = r#"{"Parameters": {"Parent": {"Type": "String", "Default": "vpc"}, "NoDefault": {"Type": "String"}}}"#;
        assert_eq!(
            name_of(t, r#"{"Fn::Sub": "${AWS::StackName}-VpcId"}"#, Some("net")),
            Name::Literal("net-VpcId".into())
        );
        assert_eq!(
            name_of(t, r#"{"Fn::Join": [":", [{"Ref": "AWS::AccountId"}, "x"]]}"#, None),
            Name::Literal("111111111111:x".into())
        );
        assert_eq!(
            name_of(t, r#"{"Fn::Sub": "${Parent}-VPC"}"#, None),
            Name::Tentative { value: "vpc-VPC".into(), parameters: vec!["Parent".into()] }
        );
        assert!(matches!(name_of(t, r#"{"Fn::Sub": "${NoDefault}-VPC"}"#, None), Name::Symbolic(_)));
        assert!(matches!(name_of(t, r#"{"Fn::Sub": "${AWS::StackName}-x"}"#, None), Name::Symbolic(_)));
        assert!(matches!(name_of(t, r#"{"Fn::Sub": "${AWS::Region}-x"}"#, Some("s")), Name::Symbolic(_)));
    }

    #[test]
    fn splits_sub_strings() {
        assert_eq!(
            sub_pieces("a${X}b${!Y}${Z.Arn}"),
            vec![
                SubPiece::Text("a".into()),
                SubPiece::Var("X".into()),
                SubPiece::Text("b${Y}".into()),
                SubPiece::Var("Z.Arn".into())
            ]
        );
    }
}
