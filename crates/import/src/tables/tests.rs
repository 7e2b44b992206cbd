//! Tests of reading tables from grids.

use super::*;
use crate::grid::Grid;

fn grid(rows: &[&[&str]]) -> Grid {
    Grid::from_rows(
        rows.iter()
            .map(|r| r.iter().map(|t| ((*t).to_owned(), 1, 1)).collect())
            .collect(),
    )
}

#[test]
fn a_table_2_part_without_its_own_header_is_not_read_under_the_previous_one() {
    let mut t2 = grid(&[
        &["第二十条第（一）项"],
        &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        &["规章", "1", "2", "3"],
    ]);
    // The next page: a data row with a column fewer, no header above it.
    t2.append(grid(&[&["行政规范性文件", "4", "5"]]));
    let t = read(&[&t2], Some(2022));
    assert_eq!(t.edition, Edition::E2021);
    let cells = t.table2.cells();
    assert_eq!(cells[0].value.display(), "1");
    assert_eq!(cells[3].value.display(), "~", "{:?}", t.notes);
    assert!(t.notes["table2.normative_documents[0]"].contains("没有列标题"));
}

#[test]
fn table_3_parts_with_other_columns_are_not_joined() {
    let a = Grid {
        column_x: Some(vec![0.0, 10.0, 20.0]),
        ..grid(&[&["申请人情况", "x"]])
    };
    let b = Grid {
        column_x: Some(vec![0.0, 15.0, 20.0]),
        ..grid(&[&["y", "z"]])
    };
    assert!(!a.same_columns(&b));
    assert!(a.same_columns(&a.clone()));
}
