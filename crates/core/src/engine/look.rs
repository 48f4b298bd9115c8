//! How a customer looks: a few documented choices a scenario may make (`look: Some(Look(..))`),
//! each with a default, and for a scenario that makes none a look drawn from its id, the same
//! every time. The game draws the figure from it; nothing here scores anything.

use serde::Deserialize;

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $default:ident, $($other:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
        pub enum $name {
            #[default]
            $default,
            $($other),*
        }

        impl $name {
            /// Every value, the default first.
            pub const ALL: &'static [$name] = &[$name::$default, $($name::$other),*];
        }
    };
}

choice!(
    /// Roughly how old: young faces are rounder, older ones lined.
    Age { Middle, Young, Older }
);
choice!(
    /// How broad the shoulders are.
    Build { Average, Slim, Broad }
);
choice!(
    /// The haircut.
    Hair { Short, Long, Bun, Curly, Bald }
);
choice!(HairColour {
    Brown,
    Black,
    Auburn,
    Blond,
    Grey
});
choice!(Skin {
    Fair,
    Light,
    Medium,
    Tan,
    Deep
});
choice!(
    /// What they wear on top.
    Clothing { Shirt, Suit, Sweater, Blouse }
);
choice!(ClothingColour {
    Navy,
    Charcoal,
    Green,
    Burgundy,
    Beige,
    Teal
});

/// The customer's appearance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Look {
    pub age: Age,
    pub build: Build,
    pub hair: Hair,
    pub hair_colour: HairColour,
    pub skin: Skin,
    pub clothing: Clothing,
    pub clothing_colour: ClothingColour,
    pub glasses: bool,
    pub beard: bool,
}

impl Look {
    /// A look drawn from an id (FNV-1a), for scenarios that do not choose one.
    pub fn from_id(id: &str) -> Look {
        let mut hash = id.bytes().fold(2_166_136_261_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(16_777_619)
        });
        let mut pick = |n: usize| {
            let at = hash as usize % n;
            hash = hash.rotate_right(5).wrapping_mul(16_777_619);
            at
        };
        Look {
            age: Age::ALL[pick(Age::ALL.len())],
            build: Build::ALL[pick(Build::ALL.len())],
            hair: Hair::ALL[pick(Hair::ALL.len() - 1)],
            hair_colour: HairColour::ALL[pick(HairColour::ALL.len())],
            skin: Skin::ALL[pick(Skin::ALL.len())],
            clothing: Clothing::ALL[pick(Clothing::ALL.len())],
            clothing_colour: ClothingColour::ALL[pick(ClothingColour::ALL.len())],
            glasses: pick(3) == 0,
            beard: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_look_from_an_id_is_stable_and_ids_differ() {
        assert_eq!(Look::from_id("led-store"), Look::from_id("led-store"));
        let looks: std::collections::HashSet<_> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|id| format!("{:?}", Look::from_id(id)))
            .collect();
        assert!(looks.len() >= 5, "{looks:?}");
    }

    #[test]
    fn every_field_has_a_default_and_unknown_fields_are_refused() {
        let look: Look = ron::from_str("(hair: Bun, glasses: true)").expect("parses");
        assert_eq!(look.hair, Hair::Bun);
        assert!(look.glasses);
        assert_eq!(look.age, Age::Middle);
        assert!(ron::from_str::<Look>("(hat: true)").is_err());
        assert!(ron::from_str::<Look>("(hair: Mohawk)").is_err());
    }
}
