export const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "William", "Mia", "Benjamin", "Charlotte", "Lucas",
  "Amelia", "Henry", "Harper", "Theodore", "Evelyn", "Jack", "Abigail", "Levi", "Emily", "Alexander", "Ella", "Mateo", "Elizabeth",
  "Daniel", "Camila", "Michael", "Luna", "Mason", "Sofia", "Sebastian", "Avery", "Ethan", "Mila", "Logan", "Aria", "Owen", "Scarlett",
  "Samuel", "Penelope", "Jacob", "Layla", "Asher", "Chloe", "Aiden", "Victoria", "John", "Madison", "Joseph", "Eleanor", "Wyatt",
  "Grace", "David", "Nora", "Leo", "Riley", "Luke", "Zoey", "Julian", "Hannah", "Hudson", "Hazel", "Grayson", "Lily", "Matthew",
  "Ellie", "Ezra", "Violet", "Gabriel", "Lillian", "Carter", "Zoe", "Isaac", "Stella", "Jayden", "Aurora", "Luca", "Natalie",
  "Priya", "Wei", "Aisha", "Diego", "Yuki", "Fatima", "Carlos", "Mei", "Omar", "Ines", "Ravi", "Sana", "Tomas", "Lucia", "Kwame",
] as const;

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez",
  "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris",
  "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
  "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel",
  "Chen", "Kim", "Singh", "Okafor", "Rossi", "Silva", "Novak", "Cohen", "Murphy", "O'Brien", "Schmidt", "Dubois", "Tanaka",
] as const;
