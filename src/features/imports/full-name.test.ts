import { describe, expect, it } from "vitest";
import { splitFullName } from "./full-name";

describe("splitFullName", () => {
  it.each([
    ["Ana Lima", { firstName: "Ana", lastName: "Lima" }],
    ["  Ana   Lima ", { firstName: "Ana", lastName: "Lima" }],
    ["Lima, Ana", { firstName: "Ana", lastName: "Lima" }],
    ["Mary Ann Smith", { firstName: "Mary Ann", lastName: "Smith" }],
    ["Ludwig van Beethoven", { firstName: "Ludwig", lastName: "van Beethoven" }],
    ["Juan de la Cruz", { firstName: "Juan", lastName: "de la Cruz" }],
    ["Sam Doe Jr.", { firstName: "Sam", lastName: "Doe Jr." }],
    ["Doe, Jr.", { firstName: "Doe", lastName: "Jr." }],
    ["Cher", { firstName: "Cher" }],
    ["", {}],
  ])("%j", (input, expected) => {
    expect(splitFullName(input)).toEqual(expected);
  });
});
