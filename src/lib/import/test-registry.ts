/** The sample branches of `data/branches.csv`, for tests of the import pipeline. */
import { BranchRegistry, branchesFromRecords } from '../domain/branches';

const CSV = `slug,name,short,name_en,short_en,aliases,colour,order
first-procuratorial,第一检察部党支部,第一检察部,First Procuratorial Department Branch,1st Procuratorial,一部|检察一部|第一检察部支部|First Procuratorial Department,#c0392b,1
second-procuratorial,第二检察部党支部,第二检察部,Second Procuratorial Department Branch,2nd Procuratorial,二部|检察二部|第二检察部支部|Second Procuratorial Department,#2e86c1,2
fourth-procuratorial,第四检察部党支部,第四检察部,Fourth Procuratorial Department Branch,4th Procuratorial,四部|检察四部|第四检察部支部|Fourth Procuratorial Department,#d68910,3
fifth-procuratorial,第五检察部党支部,第五检察部,Fifth Procuratorial Department Branch,5th Procuratorial,五部|检察五部|第五检察部支部|Fifth Procuratorial Department,#239b56,4
sixth-procuratorial,第六检察部党支部,第六检察部,Sixth Procuratorial Department Branch,6th Procuratorial,六部|检察六部|第六检察部支部|Sixth Procuratorial Department,#7d3c98,5
eighth-procuratorial,第八检察部党支部,第八检察部,Eighth Procuratorial Department Branch,8th Procuratorial,八部|检察八部|第八检察部支部|Eighth Procuratorial Department,#17a589,6
political-department,政治部党支部,政治部,Political Department Branch,Political Dept.,政治部支部|Political Department,#ba4a00,7
general-office,办公室党支部,办公室,General Office Branch,General Office,院办公室党支部|办公室支部|General Office,#5d6d7e,8`;

export function testRegistry(): BranchRegistry {
	return new BranchRegistry(branchesFromRecords(CSV.split('\n').map((l) => l.split(','))));
}
